-- The staff-qualification goal over time (metrics.md, "Goal share on D"), statewide, on every
-- snapshot date (month ends from 2012-01-31 and every extract's as-of date), with the benchmark in
-- force on that date (seeds.qualification_benchmarks, series CT_DQSM_BA_SHARE: exactly one row a
-- day from 2011-07-01), for a step line: the target, from when to when it is in force, its deadline
-- (binding or upcoming), its law and source. Counts and the share come already suppressed from
-- reporting.rpt_goal_share_by_region (row ALL), so both tables publish the same statewide figures.
with statewide as (
    select * from reporting.rpt_goal_share_by_region where oec_region_name = 'ALL'
),

dates as (
    select * from marts.dim_dates
),

benchmarks as (
    select *
    from seeds.qualification_benchmarks
    where benchmark_series_code = 'CT_DQSM_BA_SHARE'
),

final as (
    select
        s.snapshot_date,
        d.month_start_date,
        d.fiscal_year,
        d.is_month_end,
        s.covered_classroom_count,
        s.covered_suppression_reason_code as covered_classroom_count_suppression_reason_code,
        s.bachelor_level_qsm_classroom_count,
        s.bachelor_level_qsm_suppression_reason_code as bachelor_level_qsm_classroom_count_suppression_reason_code,
        s.associate_level_qsm_classroom_count,
        s.associate_level_qsm_suppression_reason_code as associate_level_qsm_classroom_count_suppression_reason_code,
        s.no_qsm_classroom_count,
        s.no_qsm_suppression_reason_code as no_qsm_classroom_count_suppression_reason_code,
        s.goal_share_pct,
        s.goal_share_suppression_reason_code,
        b.benchmark_id,
        b.target_share_pct::double as benchmark_share_pct,
        b.effective_from_date as benchmark_effective_from_date,
        b.effective_to_date as benchmark_effective_to_date,
        b.deadline_date as benchmark_deadline_date,
        b.deadline_date is not null and s.snapshot_date >= b.deadline_date as is_benchmark_binding,
        b.law_citation as benchmark_law_citation,
        b.source as benchmark_source
    from statewide s
    join dates d on d.calendar_date = s.snapshot_date
    left join benchmarks b
        on s.snapshot_date >= b.effective_from_date
        and (b.effective_to_date is null or s.snapshot_date <= b.effective_to_date)
)

select * from final
