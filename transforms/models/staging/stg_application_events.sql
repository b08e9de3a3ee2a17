-- Status history of applications (append-only).
with events as (
    select * from raw.application_events where _valid_to is null
),

final as (
    select
        event_id,
        application_id,
        status as application_status_code,
        status_on as status_date,
        amount_usd,
        reason_code as denial_reason_code
    from events
)

select * from final
