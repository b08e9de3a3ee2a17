-- Status history of applications, with the application's type and fiscal year.
with events as (
    select * from staging.stg_application_events
),

applications as (
    select * from staging.stg_applications
),

final as (
    select
        e.event_id,
        e.application_id,
        a.person_id,
        a.application_type_code,
        a.application_subtype_code,
        a.fiscal_year,
        e.application_status_code,
        e.status_date,
        row_number() over (
            partition by e.application_id order by e.status_date, e.event_id
        ) as event_sequence_number,
        e.amount_usd,
        e.denial_reason_code
    from events e
    join applications a using (application_id)
)

select * from final
