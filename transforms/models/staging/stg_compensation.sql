-- Pay history (append-only), with the hourly wage and its full-time annual equivalent (metrics.md, Compensation).
with compensation as (
    select * from raw.compensation where _valid_to is null
),

employment as (
    select * from staging.stg_employment
),

convert_to_hourly as (
    select
        *,
        case pay_unit
            when 'HOUR' then pay_rate::double
            when 'WEEK' then pay_rate::double / hours_per_week
            when 'MONTH' then pay_rate::double * 12 / (hours_per_week * weeks_per_year)
            when 'YEAR' then pay_rate::double / (hours_per_week * weeks_per_year)
        end as hourly_wage_usd
    from compensation
),

final as (
    select
        c.compensation_id,
        c.employment_id,
        e.person_id,
        c.effective_date,
        c.pay_rate as pay_rate_usd,
        c.pay_unit as pay_unit_code,
        c.hours_per_week,
        c.weeks_per_year,
        c.hourly_wage_usd,
        c.hourly_wage_usd * 2080 as fte_annual_wage_usd,
        c.has_health_insurance,
        c.has_retirement_plan,
        c.reported_by as reported_by_code
    from convert_to_hourly c
    left join employment e using (employment_id)
)

select * from final
