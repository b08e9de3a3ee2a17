-- Program sites with history (SCD2). A new version starts on any day something tracked changes:
-- a new version of the program in an extract, the state fiscal year (state-funded status and
-- funding sources, July 1), the end of a NAEYC accreditation, opening and closing. Versions are
-- [valid_from, valid_to); the first starts on the opening date and carries the earliest version
-- received (history before the first extract is not known); no version starts after the latest
-- as-of date.
with programs as (
    select * from staging.stg_programs
),

program_versions as (
    select * from staging.stg_program_versions
),

program_funding as (
    select * from marts.fct_program_funding
),

extracts as (
    select latest_as_of_date from staging.stg_latest_as_of
),

number_versions as (
    select
        *,
        row_number() over (partition by program_id order by version_valid_from) as version_number
    from program_versions
),

collapse_versions as (
    -- One row per run of versions with the same attributes (a version of the program starts only
    -- when one of them changes); the earliest version received stands for the program before it.
    select
        *,
        case when version_number = 1 then date '1900-01-01' else version_valid_from end as attributes_from
    from number_versions
    qualify row(
        program_name, license_number, program_type_code, setting_code, auspice_code, town_name,
        zip_code, licensed_capacity, is_serving_infant_toddler, is_serving_preschool,
        is_serving_school_age, naeyc_accredited_through_date
    ) is distinct from lag(row(
        program_name, license_number, program_type_code, setting_code, auspice_code, town_name,
        zip_code, licensed_capacity, is_serving_infant_toddler, is_serving_preschool,
        is_serving_school_age, naeyc_accredited_through_date
    )) over (partition by program_id order by version_valid_from)
),

number_funding_sources as (
    -- Each funding source code as a bit: a program's sources in a fiscal year are a bitmask while
    -- versions are found (3.6 million program years at 2,000,000 members, where a sorted list of
    -- codes each took 2.4 s), spelt out as a sorted list for the versions kept only.
    select
        funding_source_code,
        case
            when count(*) over () > 63 then error('dim_programs: more than 63 funding source codes')
            else (1::bigint << (row_number() over (order by funding_source_code) - 1)::integer)
        end as source_bit
    from (select distinct funding_source_code from program_funding where funding_source_code is not null)
),

summarise_funding_by_year as (
    select
        f.program_id,
        f.fiscal_year,
        bool_or(f.is_state_funding) as is_state_funded,
        bool_or(f.funding_source_code = 'HS') as has_head_start_funding,
        bit_or(n.source_bit) as funding_sources_mask
    from program_funding f
    left join number_funding_sources n using (funding_source_code)
    group by f.program_id, f.fiscal_year
),

list_change_dates as (
    -- (union all: keep_dates_in_range removes the duplicates once; a union here grouped 4.4 million
    -- dates at 2,000,000 members for nothing, about 1 s of the model's 8-9 s)
    select program_id, opened_date as change_date from programs
    union all
    select program_id, version_valid_from from number_versions where version_number > 1
    union all
    select program_id, closed_date + 1 from programs where closed_date is not null
    union all
    select program_id, naeyc_accredited_through_date + 1
    from program_versions
    where naeyc_accredited_through_date is not null
    union all
    select program_id, fiscal_year_start_date from program_funding
    union all
    select program_id, fiscal_year_end_date + 1 from program_funding
),

keep_dates_in_range as (
    select distinct c.program_id, greatest(c.change_date, p.opened_date) as change_date
    from list_change_dates c
    join programs p using (program_id)
    cross join extracts e
    where c.change_date <= e.latest_as_of_date
),

describe_program_on_date as (
    -- Narrow on purpose (4 million candidate dates at 2,000,000 members): the run of versions in
    -- force is carried by its start, and the attributes it stands for are joined to the dates kept.
    select
        d.program_id,
        d.change_date as valid_from,
        v.attributes_from,
        coalesce(v.naeyc_accredited_through_date >= d.change_date, false) as is_naeyc_accredited,
        d.change_date >= p.opened_date and (p.closed_date is null or d.change_date <= p.closed_date) as is_open,
        coalesce(f.is_state_funded, false) as is_state_funded,
        coalesce(f.has_head_start_funding, false) as has_head_start_funding,
        f.funding_sources_mask
    from keep_dates_in_range d
    join programs p using (program_id)
    asof join collapse_versions v
        on v.program_id = d.program_id and d.change_date >= v.attributes_from
    left join summarise_funding_by_year f
        on f.program_id = d.program_id
        and f.fiscal_year = year(d.change_date) + case when month(d.change_date) >= 7 then 1 else 0 end
),

keep_changes as (
    -- A date starts a version when anything tracked differs from the date before: the run of
    -- versions in force (its start stands for its attributes), accreditation, opening, funding.
    select *
    from describe_program_on_date
    qualify row(
        attributes_from, is_naeyc_accredited, is_open, is_state_funded, has_head_start_funding,
        funding_sources_mask
    ) is distinct from lag(row(
        attributes_from, is_naeyc_accredited, is_open, is_state_funded, has_head_start_funding,
        funding_sources_mask
    )) over (partition by program_id order by valid_from)
),

spell_funding_sources as (
    select
        m.funding_sources_mask,
        string_agg(n.funding_source_code, ',' order by n.funding_source_code) as funding_source_codes
    from (select distinct funding_sources_mask from keep_changes) m
    join number_funding_sources n on m.funding_sources_mask & n.source_bit <> 0
    group by m.funding_sources_mask
),

final as (
    select
        k.program_id,
        k.valid_from,
        lead(k.valid_from) over (partition by k.program_id order by k.valid_from) as valid_to,
        lead(k.valid_from) over (partition by k.program_id order by k.valid_from) is null as is_current,
        v.program_name,
        v.license_number,
        v.program_type_code,
        v.setting_code,
        v.auspice_code,
        v.town_name,
        v.zip_code,
        v.licensed_capacity,
        v.is_serving_infant_toddler,
        v.is_serving_preschool,
        v.is_serving_school_age,
        v.naeyc_accredited_through_date,
        k.is_naeyc_accredited,
        p.opened_date,
        p.closed_date,
        k.is_open,
        k.is_state_funded,
        k.has_head_start_funding,
        s.funding_source_codes
    from keep_changes k
    join collapse_versions v on v.program_id = k.program_id and v.attributes_from = k.attributes_from
    join programs p on p.program_id = k.program_id
    left join spell_funding_sources s on s.funding_sources_mask = k.funding_sources_mask
)

select * from final
