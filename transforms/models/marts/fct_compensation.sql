-- Pay history of employment spells, each row in force from its effective date until the next row
-- of the same spell. Two rows with the same effective date: the higher compensation_id is in force.
with compensation as (
    select * from staging.stg_compensation
),

spells as (
    select * from marts.fct_employment_spells
),

add_validity as (
    select
        *,
        lead(effective_date) over (
            partition by employment_id order by effective_date, compensation_id
        ) as valid_to
    from compensation
),

final as (
    select
        c.compensation_id,
        c.employment_id,
        s.person_id,
        s.program_id,
        s.role_code,
        c.effective_date,
        c.valid_to,
        c.valid_to is distinct from c.effective_date as is_in_force,
        c.valid_to is null as is_current,
        c.pay_rate_usd,
        c.pay_unit_code,
        c.hours_per_week,
        c.weeks_per_year,
        c.hours_per_week >= 30 as is_full_time,
        c.hourly_wage_usd,
        c.fte_annual_wage_usd,
        c.has_health_insurance,
        c.has_retirement_plan,
        c.reported_by_code
    from add_validity c
    join spells s using (employment_id)
)

select * from final
