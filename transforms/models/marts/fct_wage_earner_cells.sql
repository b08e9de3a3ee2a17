-- The cells of the three wage tables of the reporting layer, before disclosure control: the active
-- workforce with a wage on the primary spell (metrics.md) by role and setting on every snapshot
-- date, and by highest verified award and setting and by planning region and setting on the annual
-- snapshot dates (every June 30 and every extract's as-of date); 'ALL' is a total. For each cell:
-- the people, the programs they work at and the people at the largest one (the inputs of the
-- wage-statistic publishing rule, applied in reporting). marts.fct_wage_statistics adds the quartiles.
--
-- Speed and memory at scale (2,000,000 members, about 70 million wage rows): the wage earners are
-- counted by program, setting and role (every snapshot date), and by program, setting and award and
-- by program, setting and region (annual dates only); the people by program in a setting are sums
-- of the first count, and every other total is added from those (every earner once per breakdown
-- of the date, counted by program twice, took 62 s instead of 47 s at 2,000,000). The rows are read
-- once per use (`not materialized`: a CTE read twice is otherwise held in memory whole); GROUPING
-- SETS kept a hash table per set at once and ran out of memory at a 3GB limit.

-- The breakdowns of each snapshot date: ROLE on every one, HIGHEST_AWARD and PLANNING_REGION on the
-- annual ones (a small table joined by date: a per-row unnest was materialised whole at scale).
with date_breakdowns as (
    select d.calendar_date as snapshot_date, b.breakdown
    from marts.dim_dates d
    cross join unnest(['ROLE', 'HIGHEST_AWARD', 'PLANNING_REGION']) as b(breakdown)
    where d.is_snapshot_date
        and (b.breakdown = 'ROLE' or (d.month_number = 6 and d.is_month_end) or d.is_extract_as_of_date)
),

annual_dates as (
    select distinct snapshot_date from date_breakdowns where breakdown <> 'ROLE'
),

geography as (
    select * from marts.dim_geography
),

-- (In an incremental build, only the dates recomputed: DuckDB does not push the build's date filter
-- into the counts below, which are read twice and so materialised: 37 s of CPU for 3 dates of 174.)
earners as not materialized (
    select snapshot_date, program_id, setting_code, program_town_name, role_code, highest_award_code
    from marts.fct_workforce_monthly
    where hourly_wage_usd is not null
        and snapshot_date >= coalesce(getvariable('incremental_from'), '-infinity'::date)
),

count_by_program_role as (
    select snapshot_date, program_id, setting_code, role_code, count(*) as people_count
    from earners
    group by snapshot_date, program_id, setting_code, role_code
),

count_by_program_award as (
    select e.snapshot_date, e.program_id, e.setting_code, e.highest_award_code, count(*) as people_count
    from earners e
    semi join annual_dates a using (snapshot_date)
    group by e.snapshot_date, e.program_id, e.setting_code, e.highest_award_code
),

count_by_program_region as (
    select
        e.snapshot_date,
        e.program_id,
        e.setting_code,
        coalesce(r.planning_region_fips, 'UNKNOWN') as planning_region_fips,
        count(*) as people_count
    from earners e
    semi join annual_dates a using (snapshot_date)
    left join geography r on r.town_name = e.program_town_name
    group by e.snapshot_date, e.program_id, e.setting_code, coalesce(r.planning_region_fips, 'UNKNOWN')
),

-- The people by program in its setting: sums of the counts by role.
count_by_program_setting as (
    select snapshot_date, program_id, setting_code, sum(people_count)::bigint as people_count
    from count_by_program_role
    group by snapshot_date, program_id, setting_code
),

-- The people by program in each cell, for the three breakdowns.
count_people_by_program_in_cell as (
    select snapshot_date, 'ROLE' as breakdown, role_code as breakdown_code, setting_code, people_count
    from count_by_program_role
    union all
    select snapshot_date, 'HIGHEST_AWARD', highest_award_code, setting_code, people_count
    from count_by_program_award
    union all
    select p.snapshot_date, 'PLANNING_REGION', p.planning_region_fips, p.setting_code, p.people_count
    from count_by_program_region p
    semi join annual_dates a using (snapshot_date)
),

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

-- Setting totals ('ALL' breakdown values): every earner is in each breakdown of the date, so these
-- are the same for each breakdown.
summarise_settings_on_date as (
    select
        snapshot_date,
        setting_code,
        sum(people_count)::bigint as people_count,
        count(*) as program_count,
        max(people_count) as largest_program_people_count
    from count_by_program_setting
    group by snapshot_date, setting_code
),

summarise_settings as (
    select
        s.snapshot_date,
        b.breakdown,
        'ALL' as breakdown_code,
        s.setting_code,
        s.people_count,
        s.program_count,
        s.largest_program_people_count
    from summarise_settings_on_date s
    join date_breakdowns b using (snapshot_date)
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
