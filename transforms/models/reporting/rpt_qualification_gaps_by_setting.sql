-- Professional-development planning: teachers in covered classrooms (designated QSM or TEACHER
-- assignment) on the latest as-of date, by setting and what stands between them and the
-- bachelor-level standard: qualified, an accredited bachelor's short of 12 ECE credits (within 12
-- credits of qualifying), or a degree missing. Counts are suppressed per the publishing rules.
with cells as (
    select *
    from reporting.rpt_suppressed_cells_by_table
    where table_name = 'rpt_qualification_gaps_by_setting'
),

final as (
    select
        partition_key::date as snapshot_date,
        row_key as setting_code,
        column_key as bachelor_level_gap_code,
        cell_count as people_count,
        suppression_reason_code as people_count_suppression_reason_code
    from cells
)

select * from final
