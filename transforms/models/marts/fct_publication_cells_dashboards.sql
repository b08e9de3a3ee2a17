-- The count cells of the dashboard pages' reporting tables (workforce profile, towns, funding,
-- applications, denials, training, college credits, verification), before disclosure control, in
-- the long form of marts.fct_publication_cells (which unions them in, so the publishing rules are
-- applied once, in reporting.rpt_suppressed_cells_by_table). A cell is (table, partition, row,
-- column); 'ALL' in row_key or column_key is a total; cells with the same row_group_key (or
-- column_group_key) sum to that group's total cell; a null group key means no such sum. Grids are
-- complete: a combination with nobody is a cell with count 0.
--
-- Annual snapshots: the workforce tables are published on every June 30 (the end of a state
-- fiscal year) from 2012 and on the latest as-of date. A table broken down by several dimensions
-- (the profile tables) has one partition per date and dimension; the totals shared by those
-- partitions (row ALL) are the same counts in each, and a total is never the first complement in a
-- group with two or more other cells, so they are suppressed alike in every partition.
with snapshot_dates as (
    select calendar_date as snapshot_date
    from marts.dim_dates
    where is_snapshot_date and month_number = 6 and is_month_end
    union
    select max(calendar_date) from marts.dim_dates where is_extract_as_of_date
),

latest_snapshot as (
    select max(calendar_date) as snapshot_date from marts.dim_dates where is_extract_as_of_date
),

-- The workforce counted by setting, role and each profile dimension on the annual snapshot dates
-- (the cells below are sums of these counts).
profile_counts as (
    select * from marts.fct_workforce_profile_counts
),

geography as (
    select * from marts.dim_geography
),

settings as (
    select distinct setting_code from marts.dim_programs
),

roles as (
    select role_code from marts.dim_roles
),

ladder_levels as (
    select level from seeds.career_ladder_levels
),

award_categories as (
    select distinct highest_award_code from marts.dim_award_levels
),

program_funding as (
    select * from marts.fct_program_funding
),

funding_sources as (
    select funding_source_code from marts.dim_funding_sources
),

current_programs as (
    select program_id, setting_code from marts.dim_programs where is_current
),

applications as (
    select a.*, s.snapshot_date
    from marts.fct_applications a
    cross join latest_snapshot s
    where a.submitted_date <= s.snapshot_date
),

-- Members with verified training and with verified college coursework by fiscal year and area.
professional_development as (
    select * from marts.fct_professional_development_counts
),

education_awards as (
    select * from marts.fct_education_awards
),

unpivot_dimensions as (
    select snapshot_date, setting_code, role_code, dimension_code, category_code, people_count
    from profile_counts
    -- (a member without a highest award on the date is in no award category, as before)
    where dimension_code <> 'PROGRAM_TOWN' and not (dimension_code = 'HIGHEST_AWARD' and category_code = 'UNKNOWN')
),

dimension_categories as (
    select 'AGE_GROUP_SERVED' as dimension_code, category_code
    from (values ('INFANT_TODDLER'), ('PRESCHOOL'), ('SCHOOL_AGE'), ('MIXED'), ('NONE')) as t(category_code)
    union all
    select 'RACE_ETHNICITY', category_code
    from (
        values ('HISPANIC'), ('AMERICAN_INDIAN_ALASKA_NATIVE'), ('ASIAN'), ('BLACK'),
            ('NATIVE_HAWAIIAN_PACIFIC_ISLANDER'), ('WHITE'), ('MULTIRACIAL'), ('NOT_DISCLOSED')
    ) as t(category_code)
    union all
    select 'PRIMARY_LANGUAGE', category_code
    from (
        values ('ENGLISH'), ('SPANISH'), ('PORTUGUESE'), ('POLISH'), ('HAITIAN_CREOLE'), ('CHINESE'),
            ('ARABIC'), ('OTHER')
    ) as t(category_code)
    union all
    select 'AGE_BAND', category_code
    from (
        values ('UNDER_25'), ('25_34'), ('35_44'), ('45_54'), ('55_64'), ('65_AND_OVER'), ('UNKNOWN')
    ) as t(category_code)
    union all
    select 'HIGHEST_AWARD', highest_award_code from award_categories
    union all
    select 'HIGHEST_AWARD', 'NONE'
    union all
    select 'REGISTRY_LADDER_LEVEL', level::varchar from ladder_levels
    union all
    select 'REGISTRY_LADDER_LEVEL', 'NONE'
    union all
    select 'QUALIFICATION_LEVEL', category_code
    from (values ('BACHELOR_LEVEL'), ('ASSOCIATE_LEVEL'), ('NONE')) as t(category_code)
    union all
    select 'STATE_FUNDING', category_code
    from (values ('STATE_FUNDED'), ('NOT_STATE_FUNDED')) as t(category_code)
),

-- rpt_workforce_profile_by_setting: partition = date/dimension, row = category, column = setting.
count_profile_by_setting as (
    select
        snapshot_date,
        dimension_code,
        case when grouping(category_code) = 1 then 'ALL' else category_code end as row_key,
        case when grouping(setting_code) = 1 then 'ALL' else setting_code end as column_key,
        sum(people_count)::bigint as cell_count
    from unpivot_dimensions
    group by grouping sets (
        (snapshot_date, dimension_code, category_code, setting_code),
        (snapshot_date, dimension_code, category_code),
        (snapshot_date, dimension_code, setting_code),
        (snapshot_date, dimension_code)
    )
),

grid_profile_by_setting as (
    select d.snapshot_date, c.dimension_code, c.row_key, s.column_key
    from snapshot_dates d
    cross join (
        select dimension_code, category_code as row_key from dimension_categories
        union all
        select distinct dimension_code, 'ALL' from dimension_categories
    ) c
    cross join (select setting_code as column_key from settings union all select 'ALL') s
),

-- rpt_workforce_profile_by_role: the same, with the role of the primary spell as the column.
count_profile_by_role as (
    select
        snapshot_date,
        dimension_code,
        case when grouping(category_code) = 1 then 'ALL' else category_code end as row_key,
        case when grouping(role_code) = 1 then 'ALL' else role_code end as column_key,
        sum(people_count)::bigint as cell_count
    from unpivot_dimensions
    group by grouping sets (
        (snapshot_date, dimension_code, category_code, role_code),
        (snapshot_date, dimension_code, category_code),
        (snapshot_date, dimension_code, role_code),
        (snapshot_date, dimension_code)
    )
),

grid_profile_by_role as (
    select d.snapshot_date, c.dimension_code, c.row_key, r.column_key
    from snapshot_dates d
    cross join (
        select dimension_code, category_code as row_key from dimension_categories
        union all
        select distinct dimension_code, 'ALL' from dimension_categories
    ) c
    cross join (select role_code as column_key from roles union all select 'ALL') r
),

-- rpt_workforce_by_town: the workforce by the town of the primary spell's program, with the towns
-- of a planning region summing to the region (row group) and the regions to the state (column
-- group 'STATE'). row_key = the town or region name, column_key = its level; the state is ALL/ALL.
count_towns as (
    select
        w.snapshot_date,
        case
            when grouping(g.planning_region_name) = 1 then 'ALL'
            when grouping(w.program_town_name) = 1 then g.planning_region_name
            else w.program_town_name
        end as row_key,
        case
            when grouping(g.planning_region_name) = 1 then 'ALL'
            when grouping(w.program_town_name) = 1 then 'PLANNING_REGION'
            else 'TOWN'
        end as column_key,
        sum(w.people_count)::bigint as cell_count
    from (
        select snapshot_date, category_code as program_town_name, people_count
        from profile_counts
        where dimension_code = 'PROGRAM_TOWN'
    ) w
    left join geography g on g.town_name = w.program_town_name
    group by grouping sets (
        (w.snapshot_date, g.planning_region_name, w.program_town_name),
        (w.snapshot_date, g.planning_region_name),
        (w.snapshot_date)
    )
),

grid_towns as (
    select d.snapshot_date, t.row_key, t.column_key, t.row_group_key, t.column_group_key
    from snapshot_dates d
    cross join (
        select town_name as row_key, 'TOWN' as column_key, planning_region_name as row_group_key,
            null as column_group_key
        from geography
        union all
        select distinct planning_region_name, 'PLANNING_REGION', planning_region_name, 'STATE'
        from geography
        union all
        select 'ALL', 'ALL', null, 'STATE'
    ) t
),

-- rpt_program_funding_by_fiscal_year_source: programs with a funding row of the source in the
-- fiscal year, by the program's setting (current version); ANY_STATE = a state source of any kind,
-- ANY = any funding row. Programs blend sources, so the sources do not sum: row groups only.
classify_funding as (
    select f.fiscal_year, f.program_id, f.funding_source_code, f.is_state_funding, p.setting_code
    from program_funding f
    join current_programs p using (program_id)
),

count_funding as (
    select
        fiscal_year,
        funding_source_code as row_key,
        case when grouping(setting_code) = 1 then 'ALL' else setting_code end as column_key,
        count(distinct program_id) as cell_count
    from classify_funding
    group by grouping sets ((fiscal_year, funding_source_code, setting_code), (fiscal_year, funding_source_code))
    union all
    select
        fiscal_year,
        'ANY_STATE',
        case when grouping(setting_code) = 1 then 'ALL' else setting_code end,
        count(distinct program_id)
    from classify_funding
    where is_state_funding
    group by grouping sets ((fiscal_year, setting_code), (fiscal_year))
    union all
    select
        fiscal_year,
        'ANY',
        case when grouping(setting_code) = 1 then 'ALL' else setting_code end,
        count(distinct program_id)
    from classify_funding
    group by grouping sets ((fiscal_year, setting_code), (fiscal_year))
),

grid_funding as (
    select y.fiscal_year, s.row_key, t.column_key
    from (select distinct fiscal_year from program_funding) y
    cross join (
        select funding_source_code as row_key from funding_sources
        union all select 'ANY_STATE'
        union all select 'ANY'
    ) s
    cross join (select setting_code as column_key from settings union all select 'ALL') t
),

-- rpt_applications_by_fiscal_year_type: applications by type, fiscal year and milestone reached by
-- the latest date. The milestones overlap (denied, then approved on appeal), so they have no exact
-- sum; but once a year's applications are decided, approved + denied + withdrawn is close to the
-- submitted count, and one withheld outcome could be worked out from the others and the submitted
-- count: the submitted count and the three outcomes are a row group, so a withheld one always has a
-- withheld companion, the submitted count first (it hides the outcome as well, and keeps the
-- approved count and the amounts resting on it), the denied count last (the denials table publishes
-- it as its total, so withholding it here would not hide it). A completed count is withheld when
-- the paid ones not completed are 1 to k - 1, as the two published counts would give them away.
-- Both are set in marts.fct_publication_cells (complement_rank, complement_count), for this table
-- and rpt_scholarships_by_fiscal_year alike.
count_applications as (
    select
        a.snapshot_date,
        a.application_type_code,
        a.fiscal_year::varchar as row_key,
        m.milestone_code as column_key,
        count(*) filter (
            where case m.milestone_code
                when 'SUBMITTED' then true
                when 'APPROVED' then a.first_approved_date is not null
                when 'DENIED' then a.first_denied_date is not null
                when 'APPEALED' then a.first_appealed_date is not null
                when 'WITHDRAWN' then a.withdrawn_date is not null
                when 'PAID' then a.first_paid_date is not null
                when 'COMPLETED' then a.completed_date is not null
            end
        ) as cell_count
    from applications a
    cross join (
        values ('SUBMITTED'), ('APPROVED'), ('DENIED'), ('APPEALED'), ('WITHDRAWN'), ('PAID'), ('COMPLETED')
    ) as m(milestone_code)
    group by a.snapshot_date, a.application_type_code, a.fiscal_year, m.milestone_code
),

-- rpt_application_denials_by_fiscal_year_reason: denied applications by the reason of their first
-- denial (NOT_RECORDED when the event gives none); the reasons sum to the denied applications
-- (column ALL). No all-years row, so a year's total is in one group only.
count_denials as (
    select
        snapshot_date,
        application_type_code,
        fiscal_year::varchar as row_key,
        case when grouping(reason_code) = 1 then 'ALL' else reason_code end as column_key,
        count(*) as cell_count
    from (
        select *, coalesce(first_denial_reason_code, 'NOT_RECORDED') as reason_code
        from applications
        where first_denied_date is not null
    )
    group by grouping sets (
        (snapshot_date, application_type_code, fiscal_year, reason_code),
        (snapshot_date, application_type_code, fiscal_year)
    )
),

grid_denials as (
    select distinct a.snapshot_date, a.application_type_code, a.fiscal_year::varchar as row_key, r.column_key
    from applications a
    cross join (
        values ('INELIGIBLE_EMPLOYMENT'), ('INCOMPLETE_DOCUMENTS'), ('FUNDS_EXHAUSTED'),
            ('NOT_SELECTED_IN_LOTTERY'), ('DOES_NOT_MEET_REQUIREMENTS'), ('OTHER'), ('NOT_RECORDED'), ('ALL')
    ) as r(column_key)
),

-- rpt_training_by_fiscal_year_topic: members with verified training completed in the fiscal year,
-- by topic (a member trained in two topics counts in each; ALL counts each member once). The hours
-- of the topics do add up to the year's hours, so the topics and the year's total (row ALL) form
-- one group (column PEOPLE): a withheld topic always has a withheld companion.
count_training as (
    select fiscal_year, area_code as row_key, people_count as cell_count
    from professional_development
    where activity_code = 'TRAINING'
),

grid_training as (
    select y.fiscal_year, t.row_key
    from (select distinct fiscal_year from count_training) y
    cross join (
        values ('CHILD_DEVELOPMENT'), ('HEALTH_SAFETY'), ('CURRICULUM'), ('FAMILY_ENGAGEMENT'), ('ASSESSMENT'),
            ('INCLUSION_SPECIAL_NEEDS'), ('PROFESSIONALISM'), ('ADMINISTRATION'), ('INFANT_TODDLER'),
            ('CDA_PREP'), ('OTHER'), ('ALL')
    ) as t(row_key)
),

-- rpt_college_credits_by_fiscal_year_area: members with verified college coursework completed in
-- the fiscal year (by the completion date's state fiscal year), by credit area; grouped as training.
count_credits as (
    select fiscal_year, area_code as row_key, people_count as cell_count
    from professional_development
    where activity_code = 'COLLEGE_CREDITS'
),

grid_credits as (
    select y.fiscal_year, a.row_key
    from (select distinct fiscal_year from count_credits) y
    cross join (
        values ('EARLY_CHILDHOOD'), ('ADMINISTRATION'), ('SCHOOL_AGE'), ('GENERAL'), ('ALL')
    ) as a(row_key)
),

-- rpt_education_verification_by_award_level: the degrees, certificates, diplomas and CDAs on the
-- records of the active workforce on the latest date, by award level and verification status.
classify_awards as (
    select e.highest_award_code, e.verification_status_code, w.snapshot_date
    from education_awards e
    join marts.fct_workforce_monthly w on w.person_id = e.person_id
    join latest_snapshot s on s.snapshot_date = w.snapshot_date
),

count_awards as (
    select
        snapshot_date,
        case when grouping(highest_award_code) = 1 then 'ALL' else highest_award_code end as row_key,
        case when grouping(verification_status_code) = 1 then 'ALL' else verification_status_code end as column_key,
        count(*) as cell_count
    from classify_awards
    group by grouping sets (
        (snapshot_date, highest_award_code, verification_status_code),
        (snapshot_date, highest_award_code),
        (snapshot_date, verification_status_code),
        (snapshot_date)
    )
),

grid_awards as (
    select s.snapshot_date, a.row_key, v.column_key
    from latest_snapshot s
    cross join (select highest_award_code as row_key from award_categories union all select 'ALL') a
    cross join (
        values ('VERIFIED'), ('SELF_REPORTED'), ('NEEDS_INFORMATION'), ('REJECTED'), ('ALL')
    ) as v(column_key)
),

combine_cells as (
    select
        'rpt_workforce_profile_by_setting' as table_name,
        g.snapshot_date::varchar || '/' || g.dimension_code as partition_key,
        g.row_key,
        g.column_key,
        coalesce(c.cell_count, 0) as cell_count,
        g.row_key as row_group_key,
        g.column_key as column_group_key
    from grid_profile_by_setting g
    left join count_profile_by_setting c using (snapshot_date, dimension_code, row_key, column_key)
    union all
    select
        'rpt_workforce_profile_by_role',
        g.snapshot_date::varchar || '/' || g.dimension_code,
        g.row_key,
        g.column_key,
        coalesce(c.cell_count, 0),
        g.row_key,
        g.column_key
    from grid_profile_by_role g
    left join count_profile_by_role c using (snapshot_date, dimension_code, row_key, column_key)
    union all
    select
        'rpt_workforce_by_town',
        g.snapshot_date::varchar,
        g.row_key,
        g.column_key,
        coalesce(c.cell_count, 0),
        g.row_group_key,
        g.column_group_key
    from grid_towns g
    left join count_towns c using (snapshot_date, row_key, column_key)
    union all
    select
        'rpt_program_funding_by_fiscal_year_source',
        g.fiscal_year::varchar,
        g.row_key,
        g.column_key,
        coalesce(c.cell_count, 0),
        g.row_key,
        null
    from grid_funding g
    left join count_funding c using (fiscal_year, row_key, column_key)
    union all
    select
        'rpt_applications_by_fiscal_year_type',
        snapshot_date::varchar || '/' || application_type_code,
        row_key,
        column_key,
        cell_count,
        case when column_key in ('SUBMITTED', 'APPROVED', 'DENIED', 'WITHDRAWN') then row_key end,
        null
    from count_applications
    union all
    select
        'rpt_application_denials_by_fiscal_year_reason',
        g.snapshot_date::varchar || '/' || g.application_type_code,
        g.row_key,
        g.column_key,
        coalesce(c.cell_count, 0),
        g.row_key,
        null
    from grid_denials g
    left join count_denials c using (snapshot_date, application_type_code, row_key, column_key)
    union all
    select
        'rpt_training_by_fiscal_year_topic',
        g.fiscal_year::varchar,
        g.row_key,
        'PEOPLE',
        coalesce(c.cell_count, 0),
        null,
        'PEOPLE'
    from grid_training g
    left join count_training c using (fiscal_year, row_key)
    union all
    select
        'rpt_college_credits_by_fiscal_year_area',
        g.fiscal_year::varchar,
        g.row_key,
        'PEOPLE',
        coalesce(c.cell_count, 0),
        null,
        'PEOPLE'
    from grid_credits g
    left join count_credits c using (fiscal_year, row_key)
    union all
    select
        'rpt_education_verification_by_award_level',
        g.snapshot_date::varchar,
        g.row_key,
        g.column_key,
        coalesce(c.cell_count, 0),
        g.row_key,
        g.column_key
    from grid_awards g
    left join count_awards c using (snapshot_date, row_key, column_key)
),

final as (
    select table_name, partition_key, row_key, column_key, cell_count, row_group_key, column_group_key
    from combine_cells
)

select * from final
