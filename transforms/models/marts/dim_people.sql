-- Registry members with history (SCD2) of where they live and what they have attained, as the
-- published figures count it (metrics.md: verified records only, on each date). A new version
-- starts on any day something tracked changes: an award, course or credential starts or stops
-- counting (verification, award, completion, issue and expiry dates), a career-ladder placement
-- takes effect, or a new version of the account arrives in an extract. Versions are
-- [valid_from, valid_to); the first starts when the member first appears (joined, or the earliest
-- spell or classroom assignment); none starts after the latest as-of date. Merged duplicate accounts are
-- folded into the account they were merged into.
with members as (
    select * from staging.stg_people where member_status_code <> 'MERGED'
),

member_versions as (
    select * from staging.stg_people_versions where registry_id = person_id
),

counting_periods as (
    select *
    from staging.stg_record_counting_periods
    where record_type_code in ('EDUCATION', 'COURSEWORK', 'CREDENTIAL')
),

education as (
    select * from staging.stg_education
),

coursework as (
    select * from staging.stg_coursework
),

credentials as (
    select * from staging.stg_credentials
),

placements as (
    select * from staging.stg_career_ladder where person_id is not null
),

employment as (
    select * from staging.stg_employment where person_id is not null
),

classroom_assignments as (
    select * from staging.stg_classroom_staffing where person_id is not null
),

award_levels as (
    select * from marts.dim_award_levels
),

credential_types as (
    select * from marts.dim_credential_types
),

ladder_levels as (
    select * from seeds.career_ladder_levels
),

highest_award_categories as (
    select distinct award_rank, highest_award_code from award_levels
),

extracts as (
    select latest_as_of_date from staging.stg_latest_as_of
),

describe_counting_periods as (
    -- What each counting period contributes: awards, credits and credentials.
    select
        c.person_id,
        c.counts_from_date,
        coalesce(c.counts_until_date, 'infinity'::date) as counts_until_date,
        a.award_rank,
        case when a.is_accreditation_required and e.is_regionally_accredited then a.award_rank end
            as accredited_award_rank,
        case
            when a.is_accreditation_required and e.is_regionally_accredited and e.has_ece_concentration
                then a.award_rank
        end as accredited_ece_award_rank,
        e.award_level_code = 'CDA' as is_current_cda,
        null::double as ece_credits,
        null::double as admin_credits,
        null::boolean as is_ece_teaching_cert,
        null::boolean as is_bachelor_level_route,
        null::boolean as is_associate_level_route
    from counting_periods c
    join education e on e.education_id = c.record_id
    join award_levels a on a.award_level_code = e.award_level_code
    where c.record_type_code = 'EDUCATION'
    union all
    select
        c.person_id,
        c.counts_from_date,
        coalesce(c.counts_until_date, 'infinity'::date),
        null,
        null,
        null,
        null,
        case when w.credit_area_code = 'EARLY_CHILDHOOD' then w.credits end,
        case when w.credit_area_code = 'ADMINISTRATION' then w.credits end,
        null,
        null,
        null
    from counting_periods c
    join coursework w on w.course_record_id = c.record_id
    where c.record_type_code = 'COURSEWORK'
    union all
    select
        c.person_id,
        c.counts_from_date,
        coalesce(c.counts_until_date, 'infinity'::date),
        null,
        null,
        null,
        null,
        null,
        null,
        t.is_ece_teaching_cert,
        t.is_bachelor_level_route,
        t.is_associate_level_route
    from counting_periods c
    join credentials k on k.credential_id = c.record_id
    join credential_types t on t.credential_type_code = k.credential_type_code
    where c.record_type_code = 'CREDENTIAL'
),

rank_placements_within_day as (
    -- A merged duplicate may carry a placement on the same day: the surviving account's wins.
    select
        *,
        row_number() over (
            partition by person_id, effective_date
            order by (registry_id = person_id) desc, ladder_level desc
        ) as rank_within_day
    from placements
),

keep_one_placement_per_day as (
    select * from rank_placements_within_day where rank_within_day = 1
),

collapse_account_versions as (
    -- One row per run of account versions with the same attributes (a version of the person starts
    -- only when one of them changes); the earliest version received stands for the account before it.
    select
        *,
        case when row_number() over w = 1 then date '1900-01-01' else version_valid_from end
            as attributes_from
    from member_versions
    window w as (partition by person_id order by version_valid_from)
    qualify row(
        home_town_name, home_state_code, gender_code, race_ethnicity_code, primary_language_code,
        member_status_code
    ) is distinct from lag(row(
        home_town_name, home_state_code, gender_code, race_ethnicity_code, primary_language_code,
        member_status_code
    )) over w
),

list_change_dates as (
    -- The first version starts when the member first appears: joined, or the earliest spell or
    -- classroom assignment (many worked before they joined the registry).
    select person_id, joined_date as change_date from members
    union
    select person_id, min(start_date) from employment group by person_id
    union
    select person_id, min(start_date) from classroom_assignments group by person_id
    union
    select person_id, counts_from_date from describe_counting_periods
    union
    select person_id, counts_until_date from describe_counting_periods where isfinite(counts_until_date)
    union
    select person_id, effective_date from keep_one_placement_per_day
    union
    select person_id, version_valid_from from member_versions
),

keep_dates_in_range as (
    select c.person_id, c.change_date
    from list_change_dates c
    join members m using (person_id)
    cross join extracts e
    where c.change_date <= e.latest_as_of_date
),

summarise_attainment_on_date as (
    select
        d.person_id,
        d.change_date,
        max(q.award_rank) as highest_award_rank,
        max(q.accredited_award_rank) as accredited_award_rank,
        max(q.accredited_ece_award_rank) as accredited_ece_award_rank,
        coalesce(bool_or(q.is_current_cda), false) as has_current_cda,
        coalesce(sum(q.ece_credits), 0) as ece_credits,
        coalesce(sum(q.admin_credits), 0) as admin_credits,
        coalesce(bool_or(q.is_ece_teaching_cert), false) as has_ece_teaching_cert,
        coalesce(bool_or(q.is_bachelor_level_route), false) as has_bachelor_level_credential,
        coalesce(bool_or(q.is_associate_level_route), false) as has_associate_level_credential
    from keep_dates_in_range d
    left join describe_counting_periods q
        on q.person_id = d.person_id
        and q.counts_from_date <= d.change_date
        and d.change_date < q.counts_until_date
    group by d.person_id, d.change_date
),

describe_account_versions as (
    select v.*, year(m.birth_date) as birth_year, m.joined_date
    from collapse_account_versions v
    join members m using (person_id)
),

locate_versions_on_date as (
    -- Narrow on purpose (13.7 million candidate dates at 2,000,000 members): the run of account
    -- versions in force is carried by its start date, and the attributes it stands for are joined
    -- only to the dates kept. The placement's two values ride along (a join of the dates kept to
    -- the placements by effective date took 4 s more at that scale); changes are found by its date.
    select
        s.*,
        v.attributes_from,
        p.effective_date as registry_ladder_effective_date,
        p.ladder_level as registry_ladder_level,
        p.qsm_eligible_through_date
    from summarise_attainment_on_date s
    asof join collapse_account_versions v
        on v.person_id = s.person_id and s.change_date >= v.attributes_from
    asof left join keep_one_placement_per_day p
        on p.person_id = s.person_id and s.change_date >= p.effective_date
),

keep_changes as (
    -- A date starts a version when anything tracked differs from the date before: the published
    -- codes below are functions of these columns (award codes of ranks; qualification and computed
    -- ladder level of ranks, credits and credentials; placement level of its effective date).
    select *
    from locate_versions_on_date
    qualify row(
        attributes_from, highest_award_rank, accredited_award_rank, accredited_ece_award_rank,
        has_current_cda, ece_credits, admin_credits, has_ece_teaching_cert,
        has_bachelor_level_credential, has_associate_level_credential, registry_ladder_effective_date
    ) is distinct from lag(row(
        attributes_from, highest_award_rank, accredited_award_rank, accredited_ece_award_rank,
        has_current_cda, ece_credits, admin_credits, has_ece_teaching_cert,
        has_bachelor_level_credential, has_associate_level_credential, registry_ladder_effective_date
    )) over (partition by person_id order by change_date)
),

add_valid_to as (
    select *, lead(change_date) over (partition by person_id order by change_date) as valid_to
    from keep_changes
),

classify_qualification as (
    -- metrics.md: bachelor-level and associate-level qualified.
    select
        *,
        case
            when accredited_ece_award_rank >= 5
                or (accredited_award_rank >= 5 and ece_credits >= 12)
                or has_bachelor_level_credential
                then 'BACHELOR_LEVEL'
            when accredited_ece_award_rank >= 4
                or (accredited_award_rank >= 4 and ece_credits >= 12)
                or has_associate_level_credential
                then 'ASSOCIATE_LEVEL'
            else 'NONE'
        end as qualification_level_code
    from add_valid_to
),

prepare_ladder_rules as (
    select
        l.level::integer as ladder_level,
        l.award_route_min_award_code,
        a.award_rank as award_route_min_award_rank,
        l.is_award_ece_concentration_required = 'Y' as is_award_ece_concentration_required,
        coalesce(l.award_route_min_ece_credits, 0) as award_route_min_ece_credits,
        l.has_teaching_cert_route = 'Y' as has_teaching_cert_route,
        l.credits_route_min_ece_credits
    from ladder_levels l
    left join award_levels a on a.award_level_code = l.award_route_min_award_code
    where l.is_retired = 'N'
),

list_attainment_combinations as (
    -- What the ladder rules read, each combination once (2,017 at 2,000,000 members).
    select distinct
        has_current_cda, ece_credits, accredited_award_rank, accredited_ece_award_rank, has_ece_teaching_cert
    from classify_qualification
),

compute_ladder_level_of_combinations as (
    -- metrics.md: the highest level whose rule holds (rules from seeds.career_ladder_levels). A
    -- degree route is met by that degree or a higher one from an accredited institution; the CDA
    -- route needs a current CDA; a level with no route at all is the floor ("otherwise").
    -- (On the combinations, then joined to the versions: the same correlated subquery on the 8.6
    -- million versions at 2,000,000 members ran on one thread for 8 s; a join of every version to
    -- the rules, grouped and joined back, took 10 s.)
    select
        s.*,
        (
            select max(r.ladder_level)
            from prepare_ladder_rules r
            where (
                r.award_route_min_award_code = 'CDA'
                and s.has_current_cda
                and s.ece_credits >= r.award_route_min_ece_credits
            )
            or (
                r.award_route_min_award_code <> 'CDA'
                and (
                    case
                        when r.is_award_ece_concentration_required then s.accredited_ece_award_rank
                        else s.accredited_award_rank
                    end
                ) >= r.award_route_min_award_rank
                and s.ece_credits >= r.award_route_min_ece_credits
            )
            or (
                r.has_teaching_cert_route
                and s.has_ece_teaching_cert
                and s.accredited_award_rank >= r.award_route_min_award_rank
            )
            or s.ece_credits >= r.credits_route_min_ece_credits
            or (r.award_route_min_award_code is null and r.credits_route_min_ece_credits is null)
        ) as computed_ladder_level
    from list_attainment_combinations s
),

compute_ladder_level as (
    select s.*, l.computed_ladder_level
    from classify_qualification s
    join compute_ladder_level_of_combinations l
        on l.has_current_cda = s.has_current_cda
        and l.ece_credits = s.ece_credits
        and l.has_ece_teaching_cert = s.has_ece_teaching_cert
        and l.accredited_award_rank is not distinct from s.accredited_award_rank
        and l.accredited_ece_award_rank is not distinct from s.accredited_ece_award_rank
),

final as (
    select
        k.person_id,
        k.change_date as valid_from,
        k.valid_to,
        k.valid_to is null as is_current,
        v.home_town_name,
        v.home_state_code,
        v.gender_code,
        v.race_ethnicity_code,
        v.primary_language_code,
        v.birth_year,
        v.joined_date,
        v.member_status_code,
        coalesce(h.highest_award_code, 'NONE') as highest_award_code,
        ad.award_level_code as highest_accredited_award_code,
        ed.award_level_code as highest_accredited_ece_award_code,
        k.has_current_cda,
        k.ece_credits,
        k.admin_credits,
        k.has_ece_teaching_cert,
        k.has_bachelor_level_credential,
        k.has_associate_level_credential,
        k.qualification_level_code,
        k.qualification_level_code = 'BACHELOR_LEVEL' as is_bachelor_level_qualified,
        k.computed_ladder_level,
        k.registry_ladder_level,
        k.registry_ladder_effective_date,
        k.qsm_eligible_through_date
    from compute_ladder_level k
    join describe_account_versions v
        on v.person_id = k.person_id and v.attributes_from = k.attributes_from
    left join highest_award_categories h on h.award_rank = k.highest_award_rank
    left join award_levels ad on ad.award_rank = k.accredited_award_rank
    left join award_levels ed on ed.award_rank = k.accredited_ece_award_rank
)

select * from final
