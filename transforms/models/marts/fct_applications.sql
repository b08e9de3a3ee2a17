-- Applications as an accumulating snapshot: one row each, with the dates of its milestones and
-- the amounts awarded and paid (metrics.md, Applications). A later appeal does not erase a denial.
with applications as (
    select * from staging.stg_applications
),

events as (
    select * from staging.stg_application_events
),

summarise_events as (
    select
        application_id,
        count(*) as event_count,
        min(status_date) filter (where application_status_code in ('APPROVED', 'DENIED')) as first_decision_date,
        arg_min(application_status_code, (status_date, event_id))
            filter (where application_status_code in ('APPROVED', 'DENIED')) as first_decision_status_code,
        min(status_date) filter (where application_status_code = 'APPROVED') as first_approved_date,
        min(status_date) filter (where application_status_code = 'DENIED') as first_denied_date,
        arg_min(denial_reason_code, (status_date, event_id))
            filter (where application_status_code = 'DENIED') as first_denial_reason_code,
        min(status_date) filter (where application_status_code = 'WITHDRAWN') as withdrawn_date,
        min(status_date) filter (where application_status_code = 'APPEALED') as first_appealed_date,
        min(status_date) filter (where application_status_code = 'PAID') as first_paid_date,
        min(status_date) filter (where application_status_code = 'COMPLETED') as completed_date,
        coalesce(sum(amount_usd) filter (where application_status_code = 'APPROVED'), 0) as awarded_usd,
        coalesce(sum(amount_usd) filter (where application_status_code = 'PAID'), 0) as paid_usd,
        arg_max(application_status_code, (status_date, event_id)) as current_status_code,
        max(status_date) as current_status_date
    from events
    group by application_id
),

final as (
    select
        a.application_id,
        a.person_id,
        a.program_id,
        a.application_type_code,
        a.application_subtype_code,
        a.fiscal_year,
        a.institution_name,
        a.requested_usd,
        a.submitted_date,
        e.first_decision_date,
        e.first_decision_status_code,
        (e.first_decision_date - a.submitted_date)::integer as days_to_decision,
        e.first_approved_date,
        e.first_denied_date,
        e.first_denial_reason_code,
        e.withdrawn_date,
        e.first_appealed_date,
        e.first_paid_date,
        e.completed_date,
        coalesce(e.awarded_usd, 0) as awarded_usd,
        coalesce(e.paid_usd, 0) as paid_usd,
        coalesce(e.current_status_code, 'SUBMITTED') as current_status_code,
        coalesce(e.current_status_date, a.submitted_date) as current_status_date,
        coalesce(e.event_count, 0) as event_count
    from applications a
    left join summarise_events e using (application_id)
)

select * from final
