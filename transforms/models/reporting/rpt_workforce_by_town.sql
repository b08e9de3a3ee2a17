-- The active workforce (metrics.md) by the town of the primary spell's program, with the planning
-- regions (Census county-equivalents since 2022, which the towns nest in) and the state, on every
-- June 30 from 2012 and on the latest as-of date, after disclosure control: the towns of a region
-- sum to the region and the regions to the state, and both sums are protected (a withheld town
-- always has a withheld companion in its region). For maps: a withheld town is drawn as withheld.
with cells as (
    select *
    from reporting.rpt_suppressed_cells_by_table
    where table_name = 'rpt_workforce_by_town'
),

geography as (
    select * from marts.dim_geography
),

regions as (
    select distinct planning_region_name, planning_region_fips from geography
),

dates as (
    select * from marts.dim_dates
),

final as (
    select
        c.partition_key::date as snapshot_date,
        d.fiscal_year::integer as fiscal_year,
        case c.column_key when 'TOWN' then 'TOWN' when 'PLANNING_REGION' then 'PLANNING_REGION' else 'STATE' end
            as geography_level_code,
        case when c.row_key = 'ALL' then 'Connecticut' else c.row_key end as geography_name,
        coalesce(g.cousub_fips, r.planning_region_fips, '09') as geography_fips,
        g.town_geoid_2020,
        coalesce(g.planning_region_name, r.planning_region_name) as planning_region_name,
        c.cell_count::integer as people_count,
        c.suppression_reason_code as people_count_suppression_reason_code
    from cells c
    join dates d on d.calendar_date = c.partition_key::date
    left join geography g on c.column_key = 'TOWN' and g.town_name = c.row_key
    left join regions r on c.column_key = 'PLANNING_REGION' and r.planning_region_name = c.row_key
)

select * from final
