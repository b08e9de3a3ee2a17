-- Programs assessed for NAEYC readiness and programs ready on every snapshot date (metrics.md,
-- "NAEYC readiness"; criteria from seeds.naeyc_criteria; marts.fct_program_naeyc_readiness_monthly),
-- by setting and OEC region, with the share ready, after disclosure control. A count of programs
-- from 1 to k - 1 is suppressed like any count, and so is a ready count whose assessed programs not
-- ready number 1 to k - 1 (the two published counts would reveal them). The share is published only
-- when the assessed programs number at least 2k, neither the ready programs nor the rest number
-- 1 to k - 1, and neither count was withheld.
with cells as (
    select
        *,
        split_part(partition_key, '/', 1)::date as snapshot_date,
        split_part(partition_key, '/', 2) as status_code
    from reporting.rpt_suppressed_cells_by_table
    where table_name = 'rpt_naeyc_readiness_by_setting_region'
),

unsuppressed_cells as (
    select
        *,
        split_part(partition_key, '/', 1)::date as snapshot_date,
        split_part(partition_key, '/', 2) as status_code
    from marts.fct_publication_cells
    where table_name = 'rpt_naeyc_readiness_by_setting_region'
),

rules as (
    select * from staging.stg_publishing_rules
),

pivot_counts as (
    select
        snapshot_date,
        row_key as setting_code,
        column_key as oec_region_name,
        max(cell_count) filter (where status_code = 'ASSESSED') as assessed_program_count,
        max(suppression_reason_code) filter (where status_code = 'ASSESSED')
            as assessed_program_count_suppression_reason_code,
        max(cell_count) filter (where status_code = 'READY') as ready_program_count,
        max(suppression_reason_code) filter (where status_code = 'READY')
            as ready_program_count_suppression_reason_code,
        bool_or(is_suppressed) as is_share_count_suppressed
    from cells
    group by all
),

compute_shares as (
    select
        snapshot_date,
        row_key as setting_code,
        column_key as oec_region_name,
        max(cell_count) filter (where status_code = 'ASSESSED') as assessed,
        max(cell_count) filter (where status_code = 'READY') as ready
    from unsuppressed_cells
    group by all
),

apply_share_rule as (
    select
        s.snapshot_date,
        s.setting_code,
        s.oec_region_name,
        case when s.assessed > 0 then s.ready / s.assessed end as ready_share,
        case
            when s.assessed = 0 then 'no_data'
            when too_few_share(s.ready, s.assessed, r.min_cell_count, r.min_share_denominator_multiple) then 'too_few'
        end as share_rule_reason_code
    from compute_shares s
    cross join rules r
),

final as (
    select
        p.snapshot_date,
        p.setting_code,
        p.oec_region_name,
        p.assessed_program_count,
        p.assessed_program_count_suppression_reason_code,
        p.ready_program_count,
        p.ready_program_count_suppression_reason_code,
        case
            when a.share_rule_reason_code is null and not p.is_share_count_suppressed
                then round(a.ready_share, 4)
        end as ready_share_pct,
        coalesce(
            a.share_rule_reason_code,
            case when p.is_share_count_suppressed then 'complementary' end
        ) as ready_share_suppression_reason_code
    from pivot_counts p
    join apply_share_rule a using (snapshot_date, setting_code, oec_region_name)
)

select * from final
