-- A one-table summary for legislators by planning region (the 2022 county-equivalents, one row per
-- region and one for the state) on every annual snapshot date (June 30 and the latest as-of date):
-- the active workforce, its median wage and full-time annual equivalent, the parity ratio to the K-12
-- benchmark, covered classrooms and the staff-qualification goal share. Every figure is read from an
-- already-published table (rpt_workforce_by_town, rpt_wages_by_planning_region_setting,
-- rpt_goal_share_by_planning_region), where the publishing rules were applied: nothing here is
-- recomputed, so a withheld figure stays withheld with its reason (the parity ratio divides the
-- published median before rounding, from marts.fct_wage_statistics, by the benchmark's annual / 2080,
-- on the dates from the benchmark's year on).
with workforce as (
    select
        snapshot_date,
        case when geography_level_code = 'STATE' then 'ALL' else geography_fips end as planning_region_fips,
        people_count,
        people_count_suppression_reason_code
    from reporting.rpt_workforce_by_town
    where geography_level_code in ('PLANNING_REGION', 'STATE')
),

wages as (
    select *
    from reporting.rpt_wages_by_planning_region_setting
    where setting_code = 'ALL'
),

-- the median before rounding, for the parity ratio (where the wage table publishes it)
wage_statistics as (
    select snapshot_date, breakdown_code as planning_region_fips, median_hourly_wage_usd as median_exact_usd
    from marts.fct_wage_statistics
    where breakdown = 'PLANNING_REGION' and setting_code = 'ALL'
),

goal as (
    select * from reporting.rpt_goal_share_by_planning_region
),

parity_benchmark as (
    select
        benchmark_code,
        year::integer as benchmark_year,
        coalesce(hourly_wage_usd::double, annual_wage_usd::double / 2080) as benchmark_hourly_wage_usd
    from seeds.wage_benchmarks
    where is_parity_benchmark = 'Y'
),

final as (
    select
        w.snapshot_date,
        w.planning_region_fips,
        w.planning_region_name,
        f.people_count as workforce_people_count,
        f.people_count_suppression_reason_code as workforce_people_count_suppression_reason_code,
        w.median_hourly_wage_usd,
        w.median_fte_annual_wage_usd,
        -- Only from the benchmark's year on: the benchmark is one year's nominal wage, and earlier
        -- wages divided by it would show a rise in parity that is mostly inflation.
        round(
            case
                when w.wage_suppression_reason_code is null and year(w.snapshot_date) >= b.benchmark_year
                    then s.median_exact_usd
            end / b.benchmark_hourly_wage_usd,
            4
        ) as parity_ratio,
        w.wage_suppression_reason_code,
        b.benchmark_code as parity_benchmark_code,
        round(b.benchmark_hourly_wage_usd, 4) as parity_benchmark_hourly_wage_usd,
        g.covered_classroom_count,
        g.covered_suppression_reason_code as covered_classroom_count_suppression_reason_code,
        g.goal_share_pct,
        g.goal_share_suppression_reason_code,
        g.benchmark_share_pct
    from wages w
    left join workforce f using (snapshot_date, planning_region_fips)
    left join goal g using (snapshot_date, planning_region_fips)
    left join wage_statistics s using (snapshot_date, planning_region_fips)
    cross join parity_benchmark b
)

select * from final
