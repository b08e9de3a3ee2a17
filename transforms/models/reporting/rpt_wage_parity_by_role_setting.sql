-- The parity gap (metrics.md, "Compensation") by role and setting on every snapshot date: the
-- median hourly wage published in reporting.rpt_wages_by_role_setting (where the wage-statistic rule
-- was applied) divided by the hourly equivalent of the K-12 benchmark of seeds.wage_benchmarks (the
-- row with is_parity_benchmark = Y: Connecticut kindergarten teachers' mean annual wage / 2080),
-- both before rounding (the median from marts.fct_wage_statistics, the benchmark as annual / 2080).
-- The benchmark is one year's nominal figure (benchmark_year): the ratio is given from that year on
-- (earlier wages divided by it would show a rise in parity that is mostly inflation, as in
-- rpt_legislative_summary_by_planning_region). The benchmark is a mean over all kindergarten
-- teachers, the registry figure a median; and the registry's hourly wage is pay over the paid hours
-- (a school-year salary over about 40 weeks), the benchmark an annual wage over 2,080 hours, which
-- flatters staff paid for a school year (said wherever it is shown).
with wages as (
    select * from reporting.rpt_wages_by_role_setting
),

wage_statistics as (
    select * from marts.fct_wage_statistics where breakdown = 'ROLE'
),

benchmarks as (
    select * from seeds.wage_benchmarks where is_parity_benchmark = 'Y'
),

pick_benchmark as (
    select
        benchmark_code,
        year::integer as benchmark_year,
        coalesce(hourly_wage_usd::double, annual_wage_usd::double / 2080) as benchmark_hourly_wage_usd,
        source
    from benchmarks
),

final as (
    select
        w.snapshot_date,
        w.role_code,
        w.setting_code,
        w.people_count,
        w.people_count_suppression_reason_code,
        w.median_hourly_wage_usd,
        b.benchmark_code as parity_benchmark_code,
        b.benchmark_year as parity_benchmark_year,
        round(b.benchmark_hourly_wage_usd, 4) as parity_benchmark_hourly_wage_usd,
        round(
            case
                when w.wage_suppression_reason_code is null and year(w.snapshot_date) >= b.benchmark_year
                    then s.median_hourly_wage_usd
            end / b.benchmark_hourly_wage_usd,
            4
        ) as parity_ratio,
        w.wage_suppression_reason_code,
        b.source as parity_benchmark_source
    from wages w
    left join wage_statistics s
        on s.snapshot_date = w.snapshot_date
        and s.breakdown_code = w.role_code
        and s.setting_code = w.setting_code
    cross join pick_benchmark b
)

select * from final
