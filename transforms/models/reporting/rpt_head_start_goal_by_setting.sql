-- The federal Head Start goal (metrics.md): among members whose primary spell on D is a TEACHER role
-- at a program with federal Head Start (HS) funding in the fiscal year of D, the share bachelor-level
-- qualified, by setting, on every snapshot date, against the Head Start Act's target (series
-- US_HS_TEACHER_BA_SHARE of seeds.qualification_benchmarks: 50%). Counts are suppressed per the
-- publishing rules; the share is published only on a denominator of at least 2k with neither the
-- qualified nor the rest 1 to k - 1, and when neither count it rests on was withheld.
with cells as (
    select *
    from reporting.rpt_suppressed_cells_by_table
    where table_name = 'rpt_head_start_goal_by_setting'
),

unsuppressed_cells as (
    select *
    from marts.fct_publication_cells
    where table_name = 'rpt_head_start_goal_by_setting'
),

benchmarks as (
    select *
    from seeds.qualification_benchmarks
    where benchmark_series_code = 'US_HS_TEACHER_BA_SHARE'
),

rules as (
    select * from staging.stg_publishing_rules
),

pivot_counts as (
    select
        partition_key::date as snapshot_date,
        column_key as setting_code,
        max(cell_count) filter (where row_key = 'ALL') as teacher_count,
        max(suppression_reason_code) filter (where row_key = 'ALL') as teacher_count_suppression_reason_code,
        max(cell_count) filter (where row_key = 'BACHELOR_LEVEL') as bachelor_level_teacher_count,
        max(suppression_reason_code) filter (where row_key = 'BACHELOR_LEVEL')
            as bachelor_level_teacher_count_suppression_reason_code,
        max(cell_count) filter (where row_key = 'ASSOCIATE_LEVEL') as associate_level_teacher_count,
        max(suppression_reason_code) filter (where row_key = 'ASSOCIATE_LEVEL')
            as associate_level_teacher_count_suppression_reason_code,
        max(cell_count) filter (where row_key = 'NONE') as below_associate_level_teacher_count,
        max(suppression_reason_code) filter (where row_key = 'NONE')
            as below_associate_level_teacher_count_suppression_reason_code,
        bool_or(is_suppressed) filter (where row_key in ('ALL', 'BACHELOR_LEVEL')) as is_share_count_suppressed
    from cells
    group by partition_key, column_key
),

apply_share_rule as (
    select
        u.partition_key::date as snapshot_date,
        u.column_key as setting_code,
        max(u.cell_count) filter (where u.row_key = 'ALL') as total,
        max(u.cell_count) filter (where u.row_key = 'BACHELOR_LEVEL') as qualified,
        any_value(r.min_cell_count) as k,
        any_value(r.min_share_denominator_multiple) as multiple
    from unsuppressed_cells u
    cross join rules r
    group by u.partition_key, u.column_key
),

classify_shares as (
    select
        snapshot_date,
        setting_code,
        case when total > 0 then qualified / total end as share,
        case
            when total = 0 then 'no_data'
            when too_few_share(qualified, total, k, multiple) then 'too_few'
        end as share_rule_reason_code
    from apply_share_rule
),

final as (
    select
        p.snapshot_date,
        p.setting_code,
        p.teacher_count,
        p.teacher_count_suppression_reason_code,
        p.bachelor_level_teacher_count,
        p.bachelor_level_teacher_count_suppression_reason_code,
        p.associate_level_teacher_count,
        p.associate_level_teacher_count_suppression_reason_code,
        p.below_associate_level_teacher_count,
        p.below_associate_level_teacher_count_suppression_reason_code,
        case
            when s.share_rule_reason_code is null and not p.is_share_count_suppressed then round(s.share, 4)
        end as bachelor_level_pct,
        coalesce(
            s.share_rule_reason_code,
            case when p.is_share_count_suppressed then 'complementary' end
        ) as bachelor_level_pct_suppression_reason_code,
        b.target_share_pct::double as target_share_pct,
        b.benchmark_id,
        b.deadline_date as target_deadline_date,
        p.snapshot_date >= b.deadline_date as is_target_binding,
        b.law_citation,
        b.source as benchmark_source
    from pivot_counts p
    join classify_shares s using (snapshot_date, setting_code)
    left join benchmarks b
        on p.snapshot_date >= b.effective_from_date
        and (b.effective_to_date is null or p.snapshot_date <= b.effective_to_date)
)

select * from final
