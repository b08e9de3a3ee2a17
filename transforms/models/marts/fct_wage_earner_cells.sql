-- The cells of the three wage tables of the reporting layer, before disclosure control: the active
-- workforce with a wage on the primary spell (metrics.md) by role and setting on every snapshot
-- date, and by highest verified award and setting and by planning region and setting on the annual
-- snapshot dates (every June 30 and every extract's as-of date); 'ALL' is a total. For each cell:
-- the people, the programs they work at and the people at the largest one (the inputs of the
-- wage-statistic publishing rule, applied in reporting). marts.fct_wage_statistics adds the quartiles.
--
-- Memory at scale (2,000,000 members, about 70 million wage rows): the rows are read once per use
-- (`not materialized`: a CTE read twice is otherwise held in memory whole), and the people are
-- counted by program twice (by cell, and by setting over all breakdown values) with every other
-- total added from those (GROUPING SETS keeps a hash table per set at once and ran out of memory at
-- a 3GB limit).

-- The breakdowns of each snapshot date: ROLE on every one, HIGHEST_AWARD and PLANNING_REGION on the
-- annual ones (a small table joined by date: a per-row unnest was materialised whole at scale).
with date_breakdowns as (
    select d.calendar_date as snapshot_date, b.breakdown
    from marts.dim_dates d
    cross join unnest(['ROLE', 'HIGHEST_AWARD', 'PLANNING_REGION']) as b(breakdown)
    where d.is_snapshot_date
        and (b.breakdown = 'ROLE' or (d.month_number = 6 and d.is_month_end) or d.is_extract_as_of_date)
),

geography as (
    select * from marts.dim_geography
),

-- Each wage earner once per breakdown of the date.
by_breakdown as not materialized (
    select
        w.snapshot_date,
        b.breakdown,
        case b.breakdown
            when 'ROLE' then w.role_code
            when 'HIGHEST_AWARD' then w.highest_award_code
            else coalesce(g.planning_region_fips, 'UNKNOWN')
        end as breakdown_code,
        w.setting_code,
        w.program_id,
        w.hourly_wage_usd
    from marts.fct_workforce_monthly w
    join date_breakdowns b using (snapshot_date)
    left join geography g on g.town_name = w.program_town_name
    where w.hourly_wage_usd is not null
),

count_people_by_program_in_cell as (
    select snapshot_date, breakdown, breakdown_code, setting_code, program_id, count(*) as people_count
    from by_breakdown
    group by snapshot_date, breakdown, breakdown_code, setting_code, program_id
),

-- A program has one setting on a date (its version in dim_programs), so the programs of a breakdown
-- value over all settings are the sum of those in each setting, and the largest is the largest of
-- them: only the totals over breakdown values need the people counted by program again.
summarise_cells as (
    select
        snapshot_date,
        breakdown,
        breakdown_code,
        setting_code,
        sum(people_count)::bigint as people_count,
        count(*) as program_count,
        max(people_count) as largest_program_people_count
    from count_people_by_program_in_cell
    group by snapshot_date, breakdown, breakdown_code, setting_code
),

count_people_by_program_in_setting as (
    select snapshot_date, breakdown, setting_code, program_id, count(*) as people_count
    from by_breakdown
    group by snapshot_date, breakdown, setting_code, program_id
),

summarise_settings as (
    select
        snapshot_date,
        breakdown,
        'ALL' as breakdown_code,
        setting_code,
        sum(people_count)::bigint as people_count,
        count(*) as program_count,
        max(people_count) as largest_program_people_count
    from count_people_by_program_in_setting
    group by snapshot_date, breakdown, setting_code
),

cells_and_setting_totals as (
    select * from summarise_cells
    union all
    select * from summarise_settings
),

add_totals_over_settings as (
    select
        snapshot_date,
        breakdown,
        breakdown_code,
        'ALL' as setting_code,
        sum(people_count)::bigint as people_count,
        sum(program_count)::bigint as program_count,
        max(largest_program_people_count) as largest_program_people_count
    from cells_and_setting_totals
    group by snapshot_date, breakdown, breakdown_code
),

final as (
    select * from cells_and_setting_totals
    union all
    select * from add_totals_over_settings
)

select * from final
