-- Every count cell of the published (reporting) tables before disclosure control, in one long
-- table, so the publishing rules are applied once (reporting.rpt_suppressed_cells_by_table).
-- A cell is (table, partition, row, column); 'ALL' in row_key or column_key is a total. Cells of a
-- row group (same table, partition and row_group_key) sum to the row's total, and likewise for
-- column groups; a null group key means the cell is in no such sum. Grids are complete: a
-- combination with nobody is a cell with count 0.
with snapshot_dates as (
    select calendar_date as snapshot_date from marts.dim_dates where is_snapshot_date
),

latest_snapshot as (
    select max(calendar_date) as snapshot_date from marts.dim_dates where is_extract_as_of_date
),

-- The active workforce counted by everything the workforce, wage, Head Start and benefits tables
-- below break it down by (their cells are sums of these counts, never a scan of the snapshot).
workforce_counts as (
    select * from marts.fct_workforce_monthly_counts
),

covered_classrooms as (
    select * from marts.fct_classroom_qsm_monthly
),

qualification_gaps as (
    select * from marts.fct_qualification_gaps
),

scholarships as (
    select * from marts.fct_applications where application_type_code = 'SCHOLARSHIP'
),

settings as (
    select distinct setting_code from marts.dim_programs
),

roles as (
    select role_code from marts.dim_roles
),

geography as (
    select * from marts.dim_geography
),

regions as (
    select distinct oec_region_name from geography
),

ladder_levels as (
    select level from seeds.career_ladder_levels
),

turnover as (
    select * from marts.fct_turnover_fiscal_year
),

naeyc_readiness as (
    select * from marts.fct_program_naeyc_readiness_monthly
),

-- The programs NAEYC readiness is assessed for on each date: every program open on it (the version
-- in force) in a setting NAEYC accredits, with members in the registry or not (a program with no
-- director, teachers or assistants in the registry is not ready; the mart has rows only for
-- programs someone works at).
assessed_programs as (
    select d.snapshot_date, p.program_id, p.setting_code, g.oec_region_name
    from snapshot_dates d
    join marts.dim_programs p
        on d.snapshot_date >= p.valid_from
        and d.snapshot_date < coalesce(p.valid_to, 'infinity'::date)
        and d.snapshot_date >= p.opened_date
        and d.snapshot_date < coalesce(p.closed_date, 'infinity'::date)
    left join geography g on g.town_name = p.town_name
    where p.setting_code <> 'FAMILY_CHILD_CARE'
),

wage_gap_costs as (
    select * from marts.fct_wage_gap_preset_costs
),

turnover_outcomes as (
    select * from (values ('STAYED'), ('ACTIVE_ELSEWHERE'), ('LEFT_FIELD'), ('ALL')) as t(outcome_code)
),

turnover_years as (
    select distinct fiscal_year from turnover
),

-- The workforce counted by everything the three tables below break it down by (their cells are
-- sums of these counts).
count_workforce_by_description as (
    select
        snapshot_date,
        setting_code,
        role_code,
        qualification_level_code,
        is_head_start_teacher,
        sum(people_count) as people_count,
        sum(wage_earner_count) as wage_earner_count
    from workforce_counts
    group by all
),

-- rpt_workforce_by_setting_role: the active workforce by setting and role of the primary spell.
count_workforce as (
    select
        snapshot_date,
        case when grouping(setting_code) = 1 then 'ALL' else setting_code end as row_key,
        case when grouping(role_code) = 1 then 'ALL' else role_code end as column_key,
        sum(people_count)::bigint as cell_count
    from count_workforce_by_description
    group by grouping sets (
        (snapshot_date, setting_code, role_code),
        (snapshot_date, setting_code),
        (snapshot_date, role_code),
        (snapshot_date)
    )
),

-- rpt_wages_by_role_setting: the people a wage statistic rests on (a wage on the primary spell),
-- and the active workforce of the same cell (published in rpt_workforce_by_setting_role): those
-- without a wage are the difference, so it must not be a small count either.
count_wage_earners as (
    select
        snapshot_date,
        case when grouping(role_code) = 1 then 'ALL' else role_code end as row_key,
        case when grouping(setting_code) = 1 then 'ALL' else setting_code end as column_key,
        sum(wage_earner_count)::bigint as cell_count,
        sum(people_count)::bigint as population_count
    from count_workforce_by_description
    where people_count > 0
    group by grouping sets (
        (snapshot_date, role_code, setting_code),
        (snapshot_date, role_code),
        (snapshot_date, setting_code),
        (snapshot_date)
    )
),

grid_settings_by_roles as (
    select d.snapshot_date, s.setting_code, r.role_code
    from snapshot_dates d
    cross join (select setting_code from settings union all select 'ALL') s
    cross join (select role_code from roles union all select 'ALL') r
),

-- rpt_goal_share_by_region: covered classrooms by their designated QSM's qualification and the
-- OEC region of the program; the four kinds of room sum to the covered rooms (row 'ALL').
classify_rooms as (
    select
        c.snapshot_date,
        g.oec_region_name,
        case
            when not c.has_designated_qsm then 'NO_QSM'
            when c.is_qsm_bachelor_level_qualified then 'BACHELOR_LEVEL_QSM'
            when c.is_qsm_associate_level_only then 'ASSOCIATE_LEVEL_QSM'
            else 'BELOW_ASSOCIATE_LEVEL_QSM'
        end as room_kind
    from covered_classrooms c
    left join geography g on g.town_name = c.program_town_name
),

count_rooms as (
    select
        snapshot_date,
        case when grouping(room_kind) = 1 then 'ALL' else room_kind end as row_key,
        case when grouping(oec_region_name) = 1 then 'ALL' else oec_region_name end as column_key,
        count(*) as cell_count
    from classify_rooms
    group by grouping sets (
        (snapshot_date, room_kind, oec_region_name),
        (snapshot_date, room_kind),
        (snapshot_date, oec_region_name),
        (snapshot_date)
    )
),

-- The planning regions wholly inside one OEC region, and the rooms of each OEC region in them (the
-- site publishes rooms by planning region on the annual dates): the rest of the OEC region's rooms
-- is revealed by subtraction, so it is the OEC region cell's complement_count.
planning_regions_inside as (
    select planning_region_fips, min(oec_region_name) as oec_region_name
    from geography
    group by planning_region_fips
    having count(distinct oec_region_name) = 1
),

rooms_inside as (
    select
        s.partition_key::date as snapshot_date,
        s.row_key as room_kind,
        p.oec_region_name,
        sum(s.cell_count)::bigint as inside_count
    from marts.fct_publication_cells_site s
    join planning_regions_inside p on p.planning_region_fips = s.column_key
    where s.table_name = 'rpt_goal_share_by_planning_region'
    group by all
),

grid_room_kinds_by_regions as (
    select d.snapshot_date, k.room_kind, r.oec_region_name
    from snapshot_dates d
    cross join (
        values ('BACHELOR_LEVEL_QSM'), ('ASSOCIATE_LEVEL_QSM'), ('BELOW_ASSOCIATE_LEVEL_QSM'), ('NO_QSM'), ('ALL')
    ) as k(room_kind)
    cross join (select oec_region_name from regions union all select 'ALL') r
),

-- rpt_ladder_consistency_by_level: the active workforce on the latest date by the registry's
-- placement and the computed level.
count_ladder as (
    select
        snapshot_date,
        case
            when grouping(registry_ladder_level) = 1 then 'ALL'
            else coalesce(registry_ladder_level::varchar, 'NONE')
        end as row_key,
        case when grouping(computed_ladder_level) = 1 then 'ALL' else computed_ladder_level::varchar end
            as column_key,
        count(*) as cell_count
    from qualification_gaps
    group by grouping sets (
        (snapshot_date, registry_ladder_level, computed_ladder_level),
        (snapshot_date, registry_ladder_level),
        (snapshot_date, computed_ladder_level),
        (snapshot_date)
    )
),

grid_ladder as (
    select s.snapshot_date, p.row_key, c.column_key
    from latest_snapshot s
    cross join (
        select level::varchar as row_key from ladder_levels
        union all select 'NONE'
        union all select 'ALL'
    ) p
    cross join (
        select level::varchar as column_key from ladder_levels where level not in (2, 4)
        union all select 'ALL'
    ) c
),

-- rpt_qualification_gaps_by_setting: teachers in covered classrooms on the latest date by setting
-- and what stands between them and the bachelor-level standard.
count_gaps as (
    select
        snapshot_date,
        case when grouping(setting_code) = 1 then 'ALL' else setting_code end as row_key,
        case when grouping(bachelor_level_gap_code) = 1 then 'ALL' else bachelor_level_gap_code end as column_key,
        count(*) as cell_count
    from qualification_gaps
    where is_teaching_in_covered_room
    group by grouping sets (
        (snapshot_date, setting_code, bachelor_level_gap_code),
        (snapshot_date, setting_code),
        (snapshot_date, bachelor_level_gap_code),
        (snapshot_date)
    )
),

grid_gaps as (
    select s.snapshot_date, t.setting_code, g.gap_code
    from latest_snapshot s
    cross join (select setting_code from settings union all select 'ALL') t
    cross join (values ('QUALIFIED'), ('NEEDS_ECE_CREDITS'), ('NEEDS_DEGREE'), ('ALL')) as g(gap_code)
),

-- rpt_scholarships_by_fiscal_year: applications by fiscal year and milestone reached by the latest
-- date. The milestones overlap (an application can be denied, then approved on appeal), so they
-- have no exact sum; as in rpt_applications_by_fiscal_year_type (marts.fct_publication_cells_dashboards),
-- the submitted count and the three outcomes are a row group (the submitted count the first
-- companion, the denied count the last) and a completed count is withheld when the paid ones not
-- completed are 1 to k - 1.
count_scholarships as (
    select
        s.snapshot_date,
        a.fiscal_year::varchar as row_key,
        m.milestone_code as column_key,
        count(*) filter (
            where case m.milestone_code
                when 'SUBMITTED' then true
                when 'APPROVED' then a.first_approved_date is not null
                when 'DENIED' then a.first_denied_date is not null
                when 'WITHDRAWN' then a.withdrawn_date is not null
                when 'PAID' then a.first_paid_date is not null
                when 'COMPLETED' then a.completed_date is not null
            end
        ) as cell_count
    from scholarships a
    cross join latest_snapshot s
    cross join (
        values ('SUBMITTED'), ('APPROVED'), ('DENIED'), ('WITHDRAWN'), ('PAID'), ('COMPLETED')
    ) as m(milestone_code)
    group by s.snapshot_date, a.fiscal_year, m.milestone_code
),

-- rpt_turnover_by_fiscal_year_setting / _role: members active at a program on July 1 (per program)
-- by the program's setting (or the spell's role) and where they are on June 30; the three outcomes
-- sum to the members active on July 1 (column 'ALL'). The turnover share's numerator is those
-- active on July 1 less those who stayed, and the left-the-field share's rest is those active less
-- those who left the field: a stayed (or left-the-field) count whose difference from the July 1
-- count is 1 to k - 1 is withheld (complement_count), as the two published counts would give it.
count_turnover_by_setting as (
    select
        fiscal_year,
        case when grouping(setting_code) = 1 then 'ALL' else setting_code end as row_key,
        case when grouping(turnover_outcome_code) = 1 then 'ALL' else turnover_outcome_code end as column_key,
        count(*) as cell_count
    from turnover
    group by grouping sets (
        (fiscal_year, setting_code, turnover_outcome_code),
        (fiscal_year, setting_code),
        (fiscal_year, turnover_outcome_code),
        (fiscal_year)
    )
),

count_turnover_by_role as (
    select
        fiscal_year,
        case when grouping(role_code) = 1 then 'ALL' else role_code end as row_key,
        case when grouping(turnover_outcome_code) = 1 then 'ALL' else turnover_outcome_code end as column_key,
        count(*) as cell_count
    from turnover
    group by grouping sets (
        (fiscal_year, role_code, turnover_outcome_code),
        (fiscal_year, role_code),
        (fiscal_year, turnover_outcome_code),
        (fiscal_year)
    )
),

grid_turnover_by_setting as (
    select y.fiscal_year, s.setting_code as row_key, o.outcome_code as column_key
    from turnover_years y
    cross join (select setting_code from settings union all select 'ALL') s
    cross join turnover_outcomes o
),

grid_turnover_by_role as (
    select y.fiscal_year, r.role_code as row_key, o.outcome_code as column_key
    from turnover_years y
    cross join (select role_code from roles union all select 'ALL') r
    cross join turnover_outcomes o
),

-- rpt_head_start_goal_by_setting: members whose primary spell is a TEACHER role at a program with
-- federal Head Start funding in the fiscal year, by qualification level and setting.
count_head_start_teachers as (
    select
        snapshot_date,
        case when grouping(qualification_level_code) = 1 then 'ALL' else qualification_level_code end
            as row_key,
        case when grouping(setting_code) = 1 then 'ALL' else setting_code end as column_key,
        sum(people_count)::bigint as cell_count
    from count_workforce_by_description
    where is_head_start_teacher
    group by grouping sets (
        (snapshot_date, qualification_level_code, setting_code),
        (snapshot_date, qualification_level_code),
        (snapshot_date, setting_code),
        (snapshot_date)
    )
),

grid_qualification_levels_by_settings as (
    select d.snapshot_date, q.qualification_level_code as row_key, s.setting_code as column_key
    from snapshot_dates d
    cross join (values ('BACHELOR_LEVEL'), ('ASSOCIATE_LEVEL'), ('NONE'), ('ALL')) as q(qualification_level_code)
    cross join (select setting_code from settings union all select 'ALL') s
),

-- rpt_naeyc_readiness_by_setting_region: programs assessed (open on D, of a setting NAEYC
-- accredits: family child care homes are not, see fct_program_naeyc_readiness_monthly) and those
-- ready on D, by setting and OEC region; each status is a partition of its own ('<date>/ASSESSED',
-- '<date>/READY'), and a ready count's complement is the assessed programs not ready (subtracting
-- the two published counts would reveal it).
count_naeyc_programs as (
    select
        n.snapshot_date,
        n.status_code,
        case when grouping(n.setting_code) = 1 then 'ALL' else n.setting_code end as row_key,
        case when grouping(n.oec_region_name) = 1 then 'ALL' else n.oec_region_name end as column_key,
        count(*) as cell_count
    from (
        -- (a ready program has staff in the active workforce, who work at open programs only: it is
        -- one of the assessed; counted from the mart, without joining the two)
        select snapshot_date, 'ASSESSED' as status_code, setting_code, oec_region_name from assessed_programs
        union all
        select snapshot_date, 'READY', setting_code, oec_region_name from naeyc_readiness
        where is_naeyc_assessed and is_naeyc_ready
    ) n
    group by grouping sets (
        (n.snapshot_date, n.status_code, n.setting_code, n.oec_region_name),
        (n.snapshot_date, n.status_code, n.setting_code),
        (n.snapshot_date, n.status_code, n.oec_region_name),
        (n.snapshot_date, n.status_code)
    )
),

grid_settings_by_regions as (
    select d.snapshot_date, s.setting_code as row_key, r.oec_region_name as column_key
    from snapshot_dates d
    cross join (
        select setting_code from settings where setting_code <> 'FAMILY_CHILD_CARE' union all select 'ALL'
    ) s
    cross join (select oec_region_name from regions union all select 'ALL') r
),

-- rpt_benefits_by_role: the active workforce with a pay record in force on the primary spell, by
-- role and the benefits that record reports; the four combinations sum to the row's total, which
-- leaves out the role's members without a pay record (its population, in
-- rpt_workforce_by_setting_role: see benefits_populations).
classify_benefits as (
    select snapshot_date, role_code, benefits_code, people_count
    from workforce_counts
    where benefits_code <> 'NO_PAY_RECORD'
),

count_benefits as (
    select
        snapshot_date,
        case when grouping(role_code) = 1 then 'ALL' else role_code end as row_key,
        case when grouping(benefits_code) = 1 then 'ALL' else benefits_code end as column_key,
        sum(people_count)::bigint as cell_count
    from classify_benefits
    group by grouping sets (
        (snapshot_date, role_code, benefits_code),
        (snapshot_date, role_code),
        (snapshot_date, benefits_code),
        (snapshot_date)
    )
),

benefits_populations as (
    select
        snapshot_date,
        case when grouping(role_code) = 1 then 'ALL' else role_code end as row_key,
        'ALL' as column_key,
        sum(people_count)::bigint as population_count
    from workforce_counts
    group by grouping sets ((snapshot_date, role_code), (snapshot_date))
),

grid_roles_by_benefits as (
    select d.snapshot_date, r.role_code as row_key, b.benefits_code as column_key
    from snapshot_dates d
    cross join (select role_code from roles union all select 'ALL') r
    cross join (
        values ('BOTH'), ('HEALTH_INSURANCE_ONLY'), ('RETIREMENT_PLAN_ONLY'), ('NEITHER'), ('ALL')
    ) as b(benefits_code)
),

-- rpt_wage_gap_cost_by_region_setting: per wage-target preset (partition '<date>|<preset>'), members
-- paid below the target on the latest date by planning region and setting.
count_below_target as (
    select
        snapshot_date,
        preset_code,
        case when grouping(planning_region_name) = 1 then 'ALL' else planning_region_name end as row_key,
        case when grouping(setting_code) = 1 then 'ALL' else setting_code end as column_key,
        count(*) filter (where cost_status_code = 'BELOW_TARGET') as cell_count,
        -- The populations it is part of: the active workforce and those with a wage (published in
        -- the wage tables); what is not below the target is the difference from each.
        count(*) as population_count,
        count(*) filter (where cost_status_code <> 'NO_PAY_RECORD') as wage_earner_count
    from wage_gap_costs
    group by grouping sets (
        (snapshot_date, preset_code, planning_region_name, setting_code),
        (snapshot_date, preset_code, planning_region_name),
        (snapshot_date, preset_code, setting_code),
        (snapshot_date, preset_code)
    )
),

grid_presets_by_regions_by_settings as (
    select s.snapshot_date, p.preset_code, r.planning_region_name as row_key, t.setting_code as column_key
    from latest_snapshot s
    cross join (select distinct preset_code from seeds.wage_target_presets) p
    cross join (select distinct planning_region_name from geography union all select 'ALL') r
    cross join (select setting_code from settings union all select 'ALL') t
),

-- the paid counts of a year's scholarships and applications, for their completed counts' complement
-- (a join on these few rows: a window over every cell took 0.3 s at any size)
paid_counts as (
    select
        'rpt_scholarships_by_fiscal_year' as table_name,
        snapshot_date::varchar as partition_key,
        row_key,
        cell_count as paid_count
    from count_scholarships
    where column_key = 'PAID'
    union all
    select table_name, partition_key, row_key, cell_count
    from marts.fct_publication_cells_dashboards
    where table_name = 'rpt_applications_by_fiscal_year_type' and column_key = 'PAID'
),

combine_cells as (
    select
        'rpt_workforce_by_setting_role' as table_name,
        g.snapshot_date::varchar as partition_key,
        g.setting_code as row_key,
        g.role_code as column_key,
        coalesce(c.cell_count, 0) as cell_count,
        g.setting_code as row_group_key,
        g.role_code as column_group_key,
        null::bigint as complement_count
    from grid_settings_by_roles g
    left join count_workforce c
        on c.snapshot_date = g.snapshot_date and c.row_key = g.setting_code and c.column_key = g.role_code
    union all
    select
        'rpt_wages_by_role_setting',
        g.snapshot_date::varchar,
        g.role_code,
        g.setting_code,
        coalesce(c.cell_count, 0),
        g.role_code,
        g.setting_code,
        c.population_count - c.cell_count
    from grid_settings_by_roles g
    left join count_wage_earners c
        on c.snapshot_date = g.snapshot_date and c.row_key = g.role_code and c.column_key = g.setting_code
    union all
    select
        'rpt_wage_gap_cost_by_region_setting',
        g.snapshot_date::varchar || '|' || g.preset_code,
        g.row_key,
        g.column_key,
        coalesce(c.cell_count, 0),
        g.row_key,
        g.column_key,
        -- the smaller difference that is not zero (least skips nulls)
        least(nullif(c.population_count - c.cell_count, 0), nullif(c.wage_earner_count - c.cell_count, 0))
    from grid_presets_by_regions_by_settings g
    left join count_below_target c using (snapshot_date, preset_code, row_key, column_key)
    union all
    select
        'rpt_goal_share_by_region',
        g.snapshot_date::varchar,
        g.room_kind,
        g.oec_region_name,
        coalesce(c.cell_count, 0),
        g.room_kind,
        g.oec_region_name,
        coalesce(c.cell_count, 0) - i.inside_count
    from grid_room_kinds_by_regions g
    left join count_rooms c
        on c.snapshot_date = g.snapshot_date and c.row_key = g.room_kind and c.column_key = g.oec_region_name
    left join rooms_inside i
        on i.snapshot_date = g.snapshot_date and i.room_kind = g.room_kind and i.oec_region_name = g.oec_region_name
    union all
    select
        'rpt_ladder_consistency_by_level',
        g.snapshot_date::varchar,
        g.row_key,
        g.column_key,
        coalesce(c.cell_count, 0),
        g.row_key,
        g.column_key,
        null
    from grid_ladder g
    left join count_ladder c
        on c.snapshot_date = g.snapshot_date and c.row_key = g.row_key and c.column_key = g.column_key
    union all
    select
        'rpt_qualification_gaps_by_setting',
        g.snapshot_date::varchar,
        g.setting_code,
        g.gap_code,
        coalesce(c.cell_count, 0),
        g.setting_code,
        g.gap_code,
        null
    from grid_gaps g
    left join count_gaps c
        on c.snapshot_date = g.snapshot_date and c.row_key = g.setting_code and c.column_key = g.gap_code
    union all
    select
        'rpt_scholarships_by_fiscal_year',
        snapshot_date::varchar,
        row_key,
        column_key,
        cell_count,
        case when column_key in ('SUBMITTED', 'APPROVED', 'DENIED', 'WITHDRAWN') then row_key end,
        null,
        null
    from count_scholarships
    union all
    select
        'rpt_turnover_by_fiscal_year_setting',
        g.fiscal_year::varchar,
        g.row_key,
        g.column_key,
        coalesce(c.cell_count, 0),
        g.row_key,
        g.column_key,
        case
            when g.column_key in ('STAYED', 'LEFT_FIELD') then coalesce(a.cell_count, 0) - coalesce(c.cell_count, 0)
        end
    from grid_turnover_by_setting g
    left join count_turnover_by_setting c using (fiscal_year, row_key, column_key)
    left join count_turnover_by_setting a
        on a.fiscal_year = g.fiscal_year and a.row_key = g.row_key and a.column_key = 'ALL'
    union all
    select
        'rpt_turnover_by_fiscal_year_role',
        g.fiscal_year::varchar,
        g.row_key,
        g.column_key,
        coalesce(c.cell_count, 0),
        g.row_key,
        g.column_key,
        case
            when g.column_key in ('STAYED', 'LEFT_FIELD') then coalesce(a.cell_count, 0) - coalesce(c.cell_count, 0)
        end
    from grid_turnover_by_role g
    left join count_turnover_by_role c using (fiscal_year, row_key, column_key)
    left join count_turnover_by_role a
        on a.fiscal_year = g.fiscal_year and a.row_key = g.row_key and a.column_key = 'ALL'
    union all
    select
        'rpt_head_start_goal_by_setting',
        g.snapshot_date::varchar,
        g.row_key,
        g.column_key,
        coalesce(c.cell_count, 0),
        g.row_key,
        g.column_key,
        null
    from grid_qualification_levels_by_settings g
    left join count_head_start_teachers c using (snapshot_date, row_key, column_key)
    union all
    select
        'rpt_naeyc_readiness_by_setting_region',
        g.snapshot_date::varchar || '/' || s.status_code,
        g.row_key,
        g.column_key,
        coalesce(c.cell_count, 0),
        g.row_key,
        g.column_key,
        case when s.status_code = 'READY' then coalesce(a.cell_count, 0) - coalesce(c.cell_count, 0) end
    from grid_settings_by_regions g
    cross join (values ('ASSESSED'), ('READY')) as s(status_code)
    left join count_naeyc_programs c
        on c.snapshot_date = g.snapshot_date and c.status_code = s.status_code
        and c.row_key = g.row_key and c.column_key = g.column_key
    left join count_naeyc_programs a
        on a.snapshot_date = g.snapshot_date and a.status_code = 'ASSESSED'
        and a.row_key = g.row_key and a.column_key = g.column_key
    union all
    select
        'rpt_benefits_by_role',
        g.snapshot_date::varchar,
        g.row_key,
        g.column_key,
        coalesce(c.cell_count, 0),
        g.row_key,
        g.column_key,
        p.population_count - coalesce(c.cell_count, 0)
    from grid_roles_by_benefits g
    left join count_benefits c using (snapshot_date, row_key, column_key)
    left join benefits_populations p using (snapshot_date, row_key, column_key)
    union all
    -- the dashboard pages' tables (workforce profile, towns, funding, applications, PD): see there
    select table_name, partition_key, row_key, column_key, cell_count, row_group_key, column_group_key, null
    from marts.fct_publication_cells_dashboards
    union all
    -- the site's goal and compensation tables (planning region, funding source, award): see there
    select table_name, partition_key, row_key, column_key, cell_count, row_group_key, column_group_key, complement_count
    from marts.fct_publication_cells_site
),

final as (
    select
        table_name,
        partition_key,
        row_key,
        column_key,
        cell_count,
        row_key = 'ALL' or column_key = 'ALL' as is_total,
        row_group_key,
        column_group_key,
        -- the equations a reader can use: the parts of a group add up to its total (a town's row
        -- group adds up to its planning region's cell). Not a year's application outcomes (no
        -- total), nor the areas of a year's credits and training (a person counted in several).
        case
            when row_group_key is null
                or table_name in ('rpt_scholarships_by_fiscal_year', 'rpt_applications_by_fiscal_year_type')
                then null
            when column_key = 'ALL' or (table_name = 'rpt_workforce_by_town' and column_key = 'PLANNING_REGION')
                then 'TOTAL'
            else 'PART'
        end as row_sum_role,
        case
            when column_group_key is null
                or table_name in ('rpt_college_credits_by_fiscal_year_area', 'rpt_training_by_fiscal_year_topic')
                then null
            when row_key = 'ALL' then 'TOTAL'
            else 'PART'
        end as column_sum_role,
        -- a year's completed scholarships and applications: the paid ones not completed
        case
            when table_name in ('rpt_scholarships_by_fiscal_year', 'rpt_applications_by_fiscal_year_type')
                and column_key = 'COMPLETED'
                then nullif(greatest(p.paid_count - cell_count, 0), 0)
            else complement_count
        end as complement_count,
        -- a year's applications: the submitted count is the first companion of a withheld outcome,
        -- the denied count (the denials table's total) the last
        case
            when table_name not in ('rpt_scholarships_by_fiscal_year', 'rpt_applications_by_fiscal_year_type') then 0
            when column_key = 'SUBMITTED' then -1
            when column_key = 'DENIED' then 1
            else 0
        end as complement_rank
    from combine_cells
    left join paid_counts p using (table_name, partition_key, row_key)
)

select * from final
