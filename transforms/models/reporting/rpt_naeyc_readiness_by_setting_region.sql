-- Programs ready for NAEYC on every snapshot date (metrics.md, "NAEYC readiness"; criteria from
-- seeds.naeyc_criteria; marts.fct_program_naeyc_readiness_monthly), by setting and OEC region,
-- after disclosure control. A count of programs from 1 to k - 1 is suppressed like any count.
with cells as (
    select *
    from reporting.rpt_suppressed_cells_by_table
    where table_name = 'rpt_naeyc_readiness_by_setting_region'
),

final as (
    select
        partition_key::date as snapshot_date,
        row_key as setting_code,
        column_key as oec_region_name,
        cell_count as ready_program_count,
        suppression_reason_code as ready_program_count_suppression_reason_code
    from cells
)

select * from final
