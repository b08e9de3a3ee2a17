-- The wage-target presets of seeds.wage_target_presets applied to the active workforce on the latest
-- as-of date: per preset and member, the target hourly wage of their role and qualification level
-- (the most specific preset row: an exact role before '*', then an exact level before '*'), the gap
-- to their current hourly wage on the primary spell, and the annual cost of closing it:
-- max(0, target - hourly wage) x hours_per_week x weeks_per_year of the pay record in force, rounded to
-- cents. K-12 parity targets are k12_parity_pct x the parity benchmark's hourly rate at 2080 hours
-- (seeds.wage_benchmarks, is_parity_benchmark = 'Y'), rounded to cents. A member without a pay record
-- in force is not costed (NO_PAY_RECORD). `workforce cost` runs the same rules for any schedule and date.
with latest_snapshot as (
    select max(calendar_date) as snapshot_date from marts.dim_dates where is_extract_as_of_date
),

workforce as (
    select w.*
    from marts.fct_workforce_monthly w
    join latest_snapshot s using (snapshot_date)
),

pay as (
    select compensation_id, weeks_per_year from marts.fct_compensation
),

geography as (
    select * from marts.dim_geography
),

presets as (
    select * from seeds.wage_target_presets
),

benchmark as (
    select max(hourly_wage_from_annual_2080_usd)::double as k12_hourly_wage_usd
    from seeds.wage_benchmarks
    where is_parity_benchmark = 'Y'
),

list_presets as (
    select distinct preset_code from presets
),

match_targets as (
    select
        l.preset_code,
        w.snapshot_date,
        w.person_id,
        w.program_id,
        w.fiscal_year,
        w.role_code,
        w.qualification_level_code,
        w.setting_code,
        coalesce(g.planning_region_name, 'UNKNOWN') as planning_region_name,
        w.hourly_wage_usd,
        w.hours_per_week::double as hours_per_week,
        p.weeks_per_year::double as weeks_per_year,
        round(coalesce(t.target_hourly_wage_usd, t.k12_parity_pct * b.k12_hourly_wage_usd), 2)
            as target_hourly_wage_usd
    from workforce w
    cross join list_presets l
    cross join benchmark b
    left join pay p on p.compensation_id = w.compensation_id
    left join geography g on g.town_name = w.program_town_name
    left join presets t
        on t.preset_code = l.preset_code
        and (t.role_code = w.role_code or t.role_code = '*')
        and (t.qualification_level_code = w.qualification_level_code or t.qualification_level_code = '*')
    qualify row_number() over (
        partition by l.preset_code, w.person_id
        order by t.role_code = '*', t.qualification_level_code = '*'
    ) = 1
),

compute_gaps as (
    select
        *,
        case
            when target_hourly_wage_usd is null then 'NO_TARGET'
            when hourly_wage_usd is null then 'NO_PAY_RECORD'
            when round(target_hourly_wage_usd - hourly_wage_usd, 4) > 0 then 'BELOW_TARGET'
            else 'AT_OR_ABOVE_TARGET'
        end as cost_status_code,
        greatest(round(target_hourly_wage_usd - hourly_wage_usd, 4), 0) as hourly_gap_usd
    from match_targets
),

final as (
    select
        preset_code,
        snapshot_date,
        person_id,
        program_id,
        fiscal_year,
        role_code,
        qualification_level_code,
        setting_code,
        planning_region_name,
        hourly_wage_usd,
        hours_per_week,
        weeks_per_year,
        target_hourly_wage_usd,
        cost_status_code,
        hourly_gap_usd,
        case
            when cost_status_code = 'BELOW_TARGET'
                then round((target_hourly_wage_usd - hourly_wage_usd) * hours_per_week * weeks_per_year, 2)::decimal(18, 2)
            else 0::decimal(18, 2)
        end as annual_cost_usd
    from compute_gaps
)

select * from final
