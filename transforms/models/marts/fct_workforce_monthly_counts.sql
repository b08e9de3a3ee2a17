-- The active workforce on every snapshot date counted by what the published workforce, wage and
-- benefits tables break it down by (marts.fct_publication_cells adds these counts instead of
-- scanning the person-level snapshot). Kept up to date by difference: a nightly build subtracts the
-- changed members' previous rows and adds their new ones (see the model's metadata).
select
    w.snapshot_date,
    w.setting_code,
    w.role_code,
    w.qualification_level_code,
    w.role_code = 'TEACHER' and w.has_program_head_start_funding as is_head_start_teacher,
    case
        when c.compensation_id is null then 'NO_PAY_RECORD'
        when c.has_health_insurance and c.has_retirement_plan then 'BOTH'
        when c.has_health_insurance then 'HEALTH_INSURANCE_ONLY'
        when c.has_retirement_plan then 'RETIREMENT_PLAN_ONLY'
        else 'NEITHER'
    end as benefits_code,
    count(*) as people_count,
    count(*) filter (where w.hourly_wage_usd is not null) as wage_earner_count
from marts.fct_workforce_monthly w
left join marts.fct_compensation c on c.compensation_id = w.compensation_id
group by all
