-- The active workforce (metrics.md) by setting and role of the primary spell, on every snapshot
-- date, after disclosure control. 'ALL' rows and columns are the totals.
with cells as (
    select *
    from reporting.rpt_suppressed_cells_by_table
    where table_name = 'rpt_workforce_by_setting_role'
),

final as (
    select
        partition_key::date as snapshot_date,
        row_key as setting_code,
        column_key as role_code,
        cell_count as people_count,
        suppression_reason_code as people_count_suppression_reason_code
    from cells
)

select * from final
