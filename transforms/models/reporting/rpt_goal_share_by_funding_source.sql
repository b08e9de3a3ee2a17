-- The staff-qualification goal (metrics.md) by funding source, on every annual snapshot date (June 30
-- and the latest as-of date; cells of marts.fct_publication_cells_site). A covered room counts under
-- every source that funds its program in the fiscal year (a School Readiness room with Care 4 Kids
-- children counts under both), so the sources overlap and do not add up to the state: covered
-- classrooms by their designated QSM's qualification, the goal share (rooms with a bachelor-level
-- QSM / covered rooms), and the benchmark in force on the date (seeds.qualification_benchmarks,
-- series CT_DQSM_BA_SHARE). Counts are suppressed per the publishing rules; the share is published
-- only when the covered rooms number at least 2k, neither the qualified rooms nor the rest number
-- 1 to k - 1, and neither count was withheld.
with cells as (
    select *
    from reporting.rpt_suppressed_cells_by_table
    where table_name = 'rpt_goal_share_by_funding_source'
),

unsuppressed_cells as (
    select *
    from marts.fct_publication_cells
    where table_name = 'rpt_goal_share_by_funding_source'
),

source_names as (
    select funding_source_code, funding_source_name, is_state_funding from marts.dim_funding_sources
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
        c.column_key as funding_source_code,
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
        u.column_key as funding_source_code,
        max(u.cell_count) filter (where u.row_key = 'ALL') as covered,
        max(u.cell_count) filter (where u.row_key = 'BACHELOR_LEVEL_QSM') as qualified
    from unsuppressed_cells u
    group by u.partition_key, u.column_key
),

apply_share_rule as (
    select
        s.snapshot_date,
        s.funding_source_code,
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
        p.funding_source_code,
        n.funding_source_name,
        n.is_state_funding,
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
    join apply_share_rule a using (snapshot_date, funding_source_code)
    left join source_names n on n.funding_source_code = p.funding_source_code
    left join benchmarks b
        on p.snapshot_date >= b.effective_from_date
        and (b.effective_to_date is null or p.snapshot_date <= b.effective_to_date)
)

select * from final
