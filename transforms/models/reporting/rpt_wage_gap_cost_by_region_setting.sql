-- The cost of closing the wage gap under each wage-target preset (seeds.wage_target_presets;
-- per member: marts.fct_wage_gap_preset_costs) on the latest as-of date, by planning region and
-- setting, after disclosure control. The count of members paid below the target is suppressed like
-- any count (reporting.rpt_suppressed_cells_by_table: too_few, then complementary). The annual cost
-- of a cell is withheld whenever its count is, with the same reason: the withheld costs then follow
-- the counts' pattern, so no group (a row or column summing to its total) has a lone withheld cost.
with cells as (
    select *
    from reporting.rpt_suppressed_cells_by_table
    where table_name = 'rpt_wage_gap_cost_by_region_setting'
),

costs as (
    select * from marts.fct_wage_gap_preset_costs
),

presets as (
    select preset_code, any_value(preset_name) as preset_name
    from seeds.wage_target_presets
    group by preset_code
),

regions as (
    select distinct planning_region_name, planning_region_fips from marts.dim_geography
),

split_partitions as (
    select
        *,
        split_part(partition_key, '|', 1)::date as snapshot_date,
        split_part(partition_key, '|', 2) as preset_code
    from cells
),

summarise_costs as (
    select
        snapshot_date,
        preset_code,
        case when grouping(planning_region_name) = 1 then 'ALL' else planning_region_name end as planning_region_name,
        case when grouping(setting_code) = 1 then 'ALL' else setting_code end as setting_code,
        sum(annual_cost_usd) as annual_cost_usd
    from costs
    where cost_status_code = 'BELOW_TARGET'
    group by grouping sets (
        (snapshot_date, preset_code, planning_region_name, setting_code),
        (snapshot_date, preset_code, planning_region_name),
        (snapshot_date, preset_code, setting_code),
        (snapshot_date, preset_code)
    )
),

final as (
    select
        c.snapshot_date,
        c.preset_code,
        p.preset_name,
        c.row_key as planning_region_name,
        case when c.row_key = 'ALL' then 'ALL' else r.planning_region_fips end as planning_region_fips,
        c.column_key as setting_code,
        c.cell_count::integer as people_below_target_count,
        c.suppression_reason_code as people_below_target_count_suppression_reason_code,
        case when not c.is_suppressed then coalesce(s.annual_cost_usd, 0)::double end as annual_cost_usd,
        c.suppression_reason_code as annual_cost_usd_suppression_reason_code
    from split_partitions c
    join presets p using (preset_code)
    left join regions r on r.planning_region_name = c.row_key
    left join summarise_costs s
        on s.snapshot_date = c.snapshot_date
        and s.preset_code = c.preset_code
        and s.planning_region_name = c.row_key
        and s.setting_code = c.column_key
)

select * from final
