-- The staff-qualification goal (metrics.md) by planning region of the program's town, on every annual
-- snapshot date (June 30 and the latest as-of date; cells of marts.fct_publication_cells_site): covered
-- classrooms by their designated QSM's qualification, the goal share (rooms with a bachelor-level
-- QSM / covered rooms), and the benchmark in force on the date (seeds.qualification_benchmarks,
-- series CT_DQSM_BA_SHARE). Counts are suppressed per the publishing rules; the share is published
-- only when the covered rooms number at least 2k, neither the qualified rooms nor the rest number
-- 1 to k - 1, and neither count was withheld.
with cells as (
    select *
    from reporting.rpt_suppressed_cells_by_table
    where table_name = 'rpt_goal_share_by_planning_region'
),

unsuppressed_cells as (
    select *
    from marts.fct_publication_cells
    where table_name = 'rpt_goal_share_by_planning_region'
),

region_names as (
    select distinct planning_region_fips, planning_region_name from marts.dim_geography
),

benchmarks as (
    select *
    from seeds.qualification_benchmarks
    where benchmark_series_code = 'CT_DQSM_BA_SHARE'
),

rules as (
    select * from staging.stg_publishing_rules
),

pivot_counts as (
    select
        c.partition_key::date as snapshot_date,
        c.column_key as planning_region_fips,
        max(c.cell_count) filter (where c.row_key = 'ALL') as covered_classroom_count,
        max(c.suppression_reason_code) filter (where c.row_key = 'ALL') as covered_suppression_reason_code,
        max(c.cell_count) filter (where c.row_key = 'BACHELOR_LEVEL_QSM') as bachelor_level_qsm_classroom_count,
        max(c.suppression_reason_code) filter (where c.row_key = 'BACHELOR_LEVEL_QSM') as bachelor_level_qsm_suppression_reason_code,
        max(c.cell_count) filter (where c.row_key = 'ASSOCIATE_LEVEL_QSM') as associate_level_qsm_classroom_count,
        max(c.suppression_reason_code) filter (where c.row_key = 'ASSOCIATE_LEVEL_QSM') as associate_level_qsm_suppression_reason_code,
        max(c.cell_count) filter (where c.row_key = 'BELOW_ASSOCIATE_LEVEL_QSM') as below_associate_level_qsm_classroom_count,
        max(c.suppression_reason_code) filter (where c.row_key = 'BELOW_ASSOCIATE_LEVEL_QSM') as below_associate_level_qsm_suppression_reason_code,
        max(c.cell_count) filter (where c.row_key = 'NO_QSM') as no_qsm_classroom_count,
        max(c.suppression_reason_code) filter (where c.row_key = 'NO_QSM') as no_qsm_suppression_reason_code,
        bool_or(c.is_suppressed) filter (where c.row_key in ('ALL', 'BACHELOR_LEVEL_QSM')) as is_share_count_suppressed
    from cells c
    group by c.partition_key, c.column_key
),

compute_shares as (
    select
        u.partition_key::date as snapshot_date,
        u.column_key as planning_region_fips,
        max(u.cell_count) filter (where u.row_key = 'ALL') as covered,
        max(u.cell_count) filter (where u.row_key = 'BACHELOR_LEVEL_QSM') as qualified
    from unsuppressed_cells u
    group by u.partition_key, u.column_key
),

apply_share_rule as (
    select
        s.snapshot_date,
        s.planning_region_fips,
        case when s.covered > 0 then s.qualified / s.covered end as goal_share,
        case
            when s.covered = 0 then 'no_data'
            when too_few_share(s.qualified, s.covered, r.min_cell_count, r.min_share_denominator_multiple) then 'too_few'
        end as share_rule_reason_code
    from compute_shares s
    cross join rules r
),

final as (
    select
        p.snapshot_date,
        p.planning_region_fips,
        coalesce(n.planning_region_name, 'Connecticut') as planning_region_name,
        p.covered_classroom_count,
        p.covered_suppression_reason_code,
        p.bachelor_level_qsm_classroom_count,
        p.bachelor_level_qsm_suppression_reason_code,
        p.associate_level_qsm_classroom_count,
        p.associate_level_qsm_suppression_reason_code,
        p.below_associate_level_qsm_classroom_count,
        p.below_associate_level_qsm_suppression_reason_code,
        p.no_qsm_classroom_count,
        p.no_qsm_suppression_reason_code,
        case
            when a.share_rule_reason_code is null and not p.is_share_count_suppressed
                then round(a.goal_share, 4)
        end as goal_share_pct,
        coalesce(
            a.share_rule_reason_code,
            case when p.is_share_count_suppressed then 'complementary' end
        ) as goal_share_suppression_reason_code,
        b.target_share_pct as benchmark_share_pct,
        b.benchmark_id,
        b.deadline_date is not null and p.snapshot_date >= b.deadline_date as is_benchmark_binding
    from pivot_counts p
    join apply_share_rule a using (snapshot_date, planning_region_fips)
    left join region_names n on n.planning_region_fips = p.planning_region_fips
    left join benchmarks b
        on p.snapshot_date >= b.effective_from_date
        and (b.effective_to_date is null or p.snapshot_date <= b.effective_to_date)
)

select * from final
