-- The registry's career-ladder placement (published) against the level computed from verified
-- records (metrics.md), for the active workforce on the latest as-of date. Disagreements are
-- reported here, not fixed. Counts are suppressed per the publishing rules.
with cells as (
    select *
    from reporting.rpt_suppressed_cells_by_table
    where table_name = 'rpt_ladder_consistency_by_level'
),

final as (
    select
        partition_key::date as snapshot_date,
        row_key as registry_ladder_level_code,
        column_key as computed_ladder_level_code,
        case
            when row_key = 'ALL' or column_key = 'ALL' then null
            else row_key = column_key
        end as is_agreement,
        cell_count as people_count,
        suppression_reason_code as people_count_suppression_reason_code
    from cells
)

select * from final
