-- The count cells of the site's goal and compensation tables (goal share by planning region and by
-- funding source, wages by planning region and by highest award), before disclosure control, in the
-- long form of marts.fct_publication_cells (which unions them in, so the publishing rules are applied
-- once, in reporting.rpt_suppressed_cells_by_table). A cell is (table, partition, row, column); 'ALL'
-- in row_key or column_key is a total; cells with the same row_group_key (or column_group_key) sum to
-- that group's total cell; a null group key means no such sum. Grids are complete: a combination with
-- nobody is a cell with count 0.
--
-- Annual snapshots: every June 30 (the end of a state fiscal year) from 2012 and the latest as-of date.
with snapshot_dates as (
    select calendar_date as snapshot_date
    from marts.dim_dates
    where is_snapshot_date and month_number = 6 and is_month_end
    union
    select max(calendar_date) from marts.dim_dates where is_extract_as_of_date
),

geography as (
    select * from marts.dim_geography
),

planning_regions as (
    select distinct planning_region_fips from geography
),

settings as (
    select distinct setting_code from marts.dim_programs
),

-- The awards and NONE (no verified award: in the snapshot and the wage statistics, not a row of
-- dim_award_levels): the rows of an award column must add up to its ALL row.
award_categories as (
    select distinct highest_award_code from marts.dim_award_levels
    union
    select 'NONE'
),

funding_sources as (
    select funding_source_code from marts.dim_funding_sources
),

program_funding as (
    select distinct program_id, fiscal_year, funding_source_code from marts.fct_program_funding
),

-- The people a wage statistic rests on (the active workforce with a wage on the primary spell),
-- counted by setting and by highest award or program town on the annual dates, with the active
-- workforce they are part of (published by award in rpt_workforce_profile_by_setting, by town in
-- rpt_workforce_by_town): those without a wage are the difference, which must not be a small count.
wage_earners as (
    select snapshot_date, setting_code, dimension_code, category_code, wage_earner_count, people_count
    from marts.fct_workforce_profile_counts
    where dimension_code in ('HIGHEST_AWARD', 'PROGRAM_TOWN') and people_count > 0
),

wage_earners_by_region as (
    select w.snapshot_date, w.setting_code, g.planning_region_fips, w.wage_earner_count, w.people_count
    from wage_earners w
    left join geography g on g.town_name = w.category_code
    where w.dimension_code = 'PROGRAM_TOWN'
),

wage_earners_by_award as (
    select snapshot_date, setting_code, category_code as highest_award_code, wage_earner_count, people_count
    from wage_earners
    where dimension_code = 'HIGHEST_AWARD'
),

-- Covered classrooms by their designated QSM's qualification (as in rpt_goal_share_by_region).
classify_rooms as (
    select
        c.snapshot_date,
        c.program_id,
        c.fiscal_year,
        g.planning_region_fips,
        case
            when not c.has_designated_qsm then 'NO_QSM'
            when c.is_qsm_bachelor_level_qualified then 'BACHELOR_LEVEL_QSM'
            when c.is_qsm_associate_level_only then 'ASSOCIATE_LEVEL_QSM'
            else 'BELOW_ASSOCIATE_LEVEL_QSM'
        end as room_kind
    from marts.fct_classroom_qsm_monthly c
    join snapshot_dates d using (snapshot_date)
    left join geography g on g.town_name = c.program_town_name
),

room_kinds as (
    select * from (
        values ('BACHELOR_LEVEL_QSM'), ('ASSOCIATE_LEVEL_QSM'), ('BELOW_ASSOCIATE_LEVEL_QSM'), ('NO_QSM'), ('ALL')
    ) as t(room_kind)
),

-- rpt_wages_by_planning_region_setting
count_wage_earners_by_region as (
    select
        snapshot_date,
        case when grouping(planning_region_fips) = 1 then 'ALL' else planning_region_fips end as row_key,
        case when grouping(setting_code) = 1 then 'ALL' else setting_code end as column_key,
        sum(wage_earner_count)::bigint as cell_count,
        sum(people_count)::bigint as population_count
    from wage_earners_by_region
    group by grouping sets (
        (snapshot_date, planning_region_fips, setting_code),
        (snapshot_date, planning_region_fips),
        (snapshot_date, setting_code),
        (snapshot_date)
    )
),

grid_regions_by_settings as (
    select d.snapshot_date, r.row_key, s.column_key
    from snapshot_dates d
    cross join (select planning_region_fips as row_key from planning_regions union all select 'ALL') r
    cross join (select setting_code as column_key from settings union all select 'ALL') s
),

-- rpt_wages_by_award_setting
count_wage_earners_by_award as (
    select
        snapshot_date,
        case when grouping(highest_award_code) = 1 then 'ALL' else highest_award_code end as row_key,
        case when grouping(setting_code) = 1 then 'ALL' else setting_code end as column_key,
        sum(wage_earner_count)::bigint as cell_count,
        sum(people_count)::bigint as population_count
    from wage_earners_by_award
    group by grouping sets (
        (snapshot_date, highest_award_code, setting_code),
        (snapshot_date, highest_award_code),
        (snapshot_date, setting_code),
        (snapshot_date)
    )
),

grid_awards_by_settings as (
    select d.snapshot_date, a.row_key, s.column_key
    from snapshot_dates d
    cross join (select highest_award_code as row_key from award_categories union all select 'ALL') a
    cross join (select setting_code as column_key from settings union all select 'ALL') s
),

-- rpt_goal_share_by_planning_region: room kinds by planning region; both ways sum to totals.
count_rooms_by_region as (
    select
        snapshot_date,
        case when grouping(room_kind) = 1 then 'ALL' else room_kind end as row_key,
        case when grouping(planning_region_fips) = 1 then 'ALL' else planning_region_fips end as column_key,
        count(*) as cell_count
    from classify_rooms
    group by grouping sets (
        (snapshot_date, room_kind, planning_region_fips),
        (snapshot_date, room_kind),
        (snapshot_date, planning_region_fips),
        (snapshot_date)
    )
),

grid_room_kinds_by_regions as (
    select d.snapshot_date, k.room_kind as row_key, r.column_key
    from snapshot_dates d
    cross join room_kinds k
    cross join (select planning_region_fips as column_key from planning_regions union all select 'ALL') r
),

-- rpt_goal_share_by_funding_source: a room counts under every source funding its program in the
-- fiscal year, so sources overlap and do not sum (no row groups); within a source, the room kinds sum
-- to the source's covered rooms (column groups). A source's rooms are part of the statewide rooms
-- of the same kind (published by planning region, ALL): the rest is their complement_count.
count_rooms_by_source as (
    select
        r.snapshot_date,
        case when grouping(r.room_kind) = 1 then 'ALL' else r.room_kind end as row_key,
        f.funding_source_code as column_key,
        count(*) as cell_count
    from classify_rooms r
    join program_funding f on f.program_id = r.program_id and f.fiscal_year = r.fiscal_year
    group by grouping sets (
        (r.snapshot_date, r.room_kind, f.funding_source_code),
        (r.snapshot_date, f.funding_source_code)
    )
),

grid_room_kinds_by_sources as (
    select d.snapshot_date, k.room_kind as row_key, s.funding_source_code as column_key
    from snapshot_dates d
    cross join room_kinds k
    cross join funding_sources s
),

combine_cells as (
    select
        'rpt_wages_by_planning_region_setting' as table_name,
        g.snapshot_date::varchar as partition_key,
        g.row_key,
        g.column_key,
        coalesce(c.cell_count, 0) as cell_count,
        g.row_key as row_group_key,
        g.column_key as column_group_key,
        c.population_count - c.cell_count as complement_count
    from grid_regions_by_settings g
    left join count_wage_earners_by_region c using (snapshot_date, row_key, column_key)
    union all
    select
        'rpt_wages_by_award_setting',
        g.snapshot_date::varchar,
        g.row_key,
        g.column_key,
        coalesce(c.cell_count, 0),
        g.row_key,
        g.column_key,
        c.population_count - c.cell_count
    from grid_awards_by_settings g
    left join count_wage_earners_by_award c using (snapshot_date, row_key, column_key)
    union all
    select
        'rpt_goal_share_by_planning_region',
        g.snapshot_date::varchar,
        g.row_key,
        g.column_key,
        coalesce(c.cell_count, 0),
        g.row_key,
        g.column_key,
        null
    from grid_room_kinds_by_regions g
    left join count_rooms_by_region c using (snapshot_date, row_key, column_key)
    union all
    select
        'rpt_goal_share_by_funding_source',
        g.snapshot_date::varchar,
        g.row_key,
        g.column_key,
        coalesce(c.cell_count, 0),
        null,
        g.column_key,
        -- the rooms of that kind no source of this name funds: the statewide rooms of the kind are
        -- published (planning-region table, column ALL), so the rest must not be a small count
        w.cell_count - coalesce(c.cell_count, 0)
    from grid_room_kinds_by_sources g
    left join count_rooms_by_source c using (snapshot_date, row_key, column_key)
    left join count_rooms_by_region w
        on w.snapshot_date = g.snapshot_date and w.row_key = g.row_key and w.column_key = 'ALL'
),

final as (
    select table_name, partition_key, row_key, column_key, cell_count, row_group_key, column_group_key, complement_count
    from combine_cells
)

select * from final
