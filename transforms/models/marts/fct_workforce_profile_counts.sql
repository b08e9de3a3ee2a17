-- The active workforce on each annual snapshot date (every June 30 from 2012, and the latest as-of
-- date) counted by setting and role of the primary spell and, one dimension at a time, by every
-- dimension of the workforce profile, town and wage tables (marts.fct_publication_cells_dashboards
-- and _site add these counts instead of describing every member). Kept up to date by difference: a nightly build
-- subtracts the changed members' previous counts and adds their new ones (see the metadata).
with snapshot_dates as (
    select calendar_date as snapshot_date
    from marts.dim_dates
    where is_snapshot_date and ((month_number = 6 and is_month_end) or is_latest_as_of_date)
),

workforce as (
    select w.*
    from marts.fct_workforce_monthly w
    join snapshot_dates d using (snapshot_date)
),

-- The workforce described by every dimension of the profile tables: the primary spell (age group
-- served, state funding, town), the member's attainment on the date and the member's own record in
-- force on the date (race and ethnicity, language, age band).
describe_workforce as (
    select
        w.snapshot_date,
        w.setting_code,
        w.role_code,
        coalesce(w.age_group_served_code, 'NONE') as age_group_served_code,
        coalesce(p.race_ethnicity_code, 'NOT_DISCLOSED') as race_ethnicity_code,
        coalesce(p.primary_language_code, 'OTHER') as primary_language_code,
        case
            when p.birth_year is null then 'UNKNOWN'
            when year(w.snapshot_date) - p.birth_year < 25 then 'UNDER_25'
            when year(w.snapshot_date) - p.birth_year < 35 then '25_34'
            when year(w.snapshot_date) - p.birth_year < 45 then '35_44'
            when year(w.snapshot_date) - p.birth_year < 55 then '45_54'
            when year(w.snapshot_date) - p.birth_year < 65 then '55_64'
            else '65_AND_OVER'
        end as age_band_code,
        -- (UNKNOWN: no person version in force; the profile leaves it out, the wage tables' totals
        -- count it)
        coalesce(w.highest_award_code, 'UNKNOWN') as highest_award_code,
        coalesce(w.registry_ladder_level::varchar, 'NONE') as registry_ladder_level_code,
        w.qualification_level_code,
        case when w.is_program_state_funded then 'STATE_FUNDED' else 'NOT_STATE_FUNDED' end as state_funding_code,
        coalesce(w.program_town_name, 'UNKNOWN') as program_town_name,
        w.hourly_wage_usd is not null as has_wage
    from workforce w
    -- the member's version in force on the date (SCD2: versions are [valid_from, valid_to), the
    -- next starting where one ends, the last open); an equality join on the member with the range
    -- as a condition (the as-of join sorted both sides: 12 s against 6 s of CPU at 2,000,000 members)
    left join marts.dim_people p
        on p.person_id = w.person_id
        and w.snapshot_date >= p.valid_from
        and w.snapshot_date < coalesce(p.valid_to, 'infinity'::date)
),

-- The people with the same description counted first, then each dimension in turn.
count_described_workforce as (
    select
        * exclude (has_wage),
        count(*) as people_count,
        count(*) filter (where has_wage) as wage_earner_count
    from describe_workforce
    group by all
),

unpivot_dimensions as (
    select snapshot_date, setting_code, role_code, dimension_code, category_code, people_count, wage_earner_count
    from count_described_workforce
    unpivot (
        category_code for dimension_code in (
            age_group_served_code as 'AGE_GROUP_SERVED',
            race_ethnicity_code as 'RACE_ETHNICITY',
            primary_language_code as 'PRIMARY_LANGUAGE',
            age_band_code as 'AGE_BAND',
            highest_award_code as 'HIGHEST_AWARD',
            registry_ladder_level_code as 'REGISTRY_LADDER_LEVEL',
            qualification_level_code as 'QUALIFICATION_LEVEL',
            state_funding_code as 'STATE_FUNDING',
            program_town_name as 'PROGRAM_TOWN'
        )
    )
)

select
    snapshot_date,
    setting_code,
    role_code,
    dimension_code,
    category_code,
    sum(people_count)::bigint as people_count,
    sum(wage_earner_count)::bigint as wage_earner_count
from unpivot_dimensions
group by all
