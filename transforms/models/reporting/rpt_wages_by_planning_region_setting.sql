-- Hourly wages of the active workforce (primary spell, metrics.md) by planning region of the program's
-- town and setting, on every annual snapshot date (June 30 and the latest as-of date). A wage statistic
-- is published only when it rests on at least k people at at least 3 programs and no program employs
-- more than 80% of them (stg_publishing_rules); the people count is suppressed like every other count
-- (cells of marts.fct_publication_cells_site). The statistics come from marts.fct_wage_statistics.
with cells as (
    select *
    from reporting.rpt_suppressed_cells_by_table
    where table_name = 'rpt_wages_by_planning_region_setting'
),

region_names as (
    select distinct planning_region_fips, planning_region_name from marts.dim_geography
),

wage_statistics as (
    select * from marts.fct_wage_statistics where breakdown = 'PLANNING_REGION'
),

rules as (
    select * from staging.stg_publishing_rules
),

apply_wage_rule as (
    select
        s.*,
        not too_few_wage(
            s.people_count,
            s.program_count,
            s.largest_program_people_count,
            r.min_cell_count,
            r.min_wage_program_count,
            r.max_wage_program_share_pct
        ) as is_publishable
    from wage_statistics s
    cross join rules r
),

final as (
    select
        c.partition_key::date as snapshot_date,
        c.row_key as planning_region_fips,
        coalesce(n.planning_region_name, 'Connecticut') as planning_region_name,
        c.column_key as setting_code,
        c.cell_count as people_count,
        c.suppression_reason_code as people_count_suppression_reason_code,
        case when w.is_publishable then round(w.p25_hourly_wage_usd, 2) end as p25_hourly_wage_usd,
        case when w.is_publishable then round(w.median_hourly_wage_usd, 2) end as median_hourly_wage_usd,
        case when w.is_publishable then round(w.p75_hourly_wage_usd, 2) end as p75_hourly_wage_usd,
        case when w.is_publishable then round(w.median_hourly_wage_usd * 2080, 0) end as median_fte_annual_wage_usd,
        case
            when w.people_count is null then 'no_data'
            when not w.is_publishable then 'too_few'
        end as wage_suppression_reason_code
    from cells c
    left join region_names n on n.planning_region_fips = c.row_key
    left join apply_wage_rule w
        on w.snapshot_date = c.partition_key::date
        and w.breakdown_code = c.row_key
        and w.setting_code = c.column_key
)

select * from final
