/**
 * The SQL of the restricted program reports, over the marts (and the staging tables that hold names
 * and room assignments) of the current build. One query per report kind covers one program
 * (`$program_id`) or every program at once (`--all`): the filter is a fixed fragment, the values are
 * always bound parameters. The reference date `$as_of` must be a snapshot date of the build (the
 * attainment columns come from `marts.fct_workforce_monthly`).
 */

/**
 * A marker replaced by a fixed predicate (never a value): `and <alias>.program_id = $program_id`
 * for one program, nothing for all of them.
 */
export const programFilter = (alias: string): string => `/*program_filter:${alias}*/`;

export function withProgramFilter(sql: string, single: boolean): string {
  return sql.replace(/\/\*program_filter:(\w+)\*\//g, (_m, alias: string) =>
    single ? `and ${alias}.program_id = $program_id` : "",
  );
}

const D = "cast($as_of as date)";

/**
 * Confirmed staff: every member with a verified employment spell at the program covering D while
 * the program is open (the active-spell rule of fct_workforce_monthly), one row per member and
 * program, with their attainment on D (and the rule their qualification level rests on), the
 * credentials that count on D, room assignments (by name, id and age group), QSM expiry, what stands between them and
 * the next career-ladder level (the rules of fct_qualification_gaps, at D) and the bachelor-level
 * standard, and their standing against the NAEYC criterion of their role (fct_program_naeyc_readiness_monthly's rule).
 */
export const STAFF_SQL = `
with employment_periods as (
    select * from staging.stg_record_counting_periods where record_type_code = 'EMPLOYMENT'
),

spells as (
    select * from marts.fct_employment_spells
),

programs as (
    select * from staging.stg_programs
),

workforce as (
    select * from marts.fct_workforce_monthly where snapshot_date = ${D}
),

names as (
    select registry_id as person_id, first_name, last_name from staging.stg_people where registry_id = person_id
),

people_history as (
    select * from marts.dim_people
),

classrooms as (
    select * from marts.dim_classrooms
),

assignments as (
    select * from staging.stg_classroom_staffing where person_id is not null
),

award_levels as (
    select * from marts.dim_award_levels
),

ladder_levels as (
    select * from seeds.career_ladder_levels where is_retired = 'N'
),

criteria as (
    select * from seeds.naeyc_criteria
),

find_staff_spells as (
    select s.program_id, s.person_id, s.employment_id, s.role_code, s.start_date
    from employment_periods e
    join spells s on s.employment_id = e.record_id
    join programs p on p.program_id = s.program_id
    where ${D} >= greatest(e.counts_from_date, p.opened_date)
        and ${D} < least(
            coalesce(e.counts_until_date, 'infinity'::date),
            coalesce(p.closed_date + 1, 'infinity'::date)
        )
        ${programFilter("s")}
),

combine_spells as (
    select
        program_id,
        person_id,
        string_agg(distinct role_code, ', ' order by role_code) as spell_role_codes,
        min(start_date) as first_start_date
    from find_staff_spells
    group by program_id, person_id
),

label_rooms as (
    -- A room by its name, id and age group ("Explorers [R0000001, PRESCHOOL]"): rooms of a program
    -- may share a name.
    select
        classroom_id,
        program_id,
        case
            when room_name is null or room_name = classroom_id then classroom_id || ' [' || age_group_code || ']'
            else room_name || ' [' || classroom_id || ', ' || age_group_code || ']'
        end as room_label
    from classrooms
),

find_rooms as (
    select
        c.program_id,
        a.person_id,
        string_agg(
            c.room_label || ' (' || a.assignment_role_code || ')', '; '
            order by c.room_label, a.assignment_role_code
        ) as room_assignments,
        string_agg(c.room_label, '; ' order by c.room_label) filter (
            where a.assignment_role_code = 'DESIGNATED_QSM'
        ) as designated_qsm_rooms
    from assignments a
    join label_rooms c using (classroom_id)
    where a.start_date <= ${D} and (a.end_date is null or a.end_date >= ${D})
    group by c.program_id, a.person_id
),

credentials_on_as_of as (
    -- Credentials that count on D (verified, ACTIVE, issued and not expired: the counting periods).
    select
        c.person_id,
        string_agg(distinct c.credential_type_code, ', ' order by c.credential_type_code) as active_credential_codes,
        bool_or(c.credential_type_code in ('TEACHING_CERT_ECE', 'TEACHING_CERT_ECSE')) as has_teaching_cert,
        bool_or(c.credential_type_code = 'ECTC_BACHELOR') as has_ectc_bachelor,
        bool_or(c.credential_type_code = 'ECTC_ASSOCIATE') as has_ectc_associate
    from staging.stg_record_counting_periods p
    join marts.fct_credentials c on c.credential_id = p.record_id
    where p.record_type_code = 'CREDENTIAL'
        and p.counts_from_date <= ${D}
        and (p.counts_until_date is null or p.counts_until_date > ${D})
    group by c.person_id
),

award_ranks as (
    select
        max(award_rank) filter (where award_level_code = 'BACHELOR') as bachelor_rank,
        max(award_rank) filter (where award_level_code = 'ASSOCIATE') as associate_rank
    from award_levels
),

prepare_criteria as (
    select
        max(c.min_ece_credits::double) filter (where c.role_code = 'ASSISTANT_TEACHER') as assistant_min_ece_credits,
        max(a.award_rank) filter (where c.role_code = 'DIRECTOR') as director_min_award_rank,
        max(c.min_admin_credits::double) filter (where c.role_code = 'DIRECTOR') as director_min_admin_credits
    from criteria c
    left join award_levels a on a.award_level_code = c.min_award_code
),

rank_attainment as (
    select
        s.program_id,
        s.person_id,
        s.spell_role_codes,
        s.first_start_date,
        w.program_id = s.program_id as is_primary_here,
        w.role_code as primary_role_code,
        w.hours_per_week,
        w.highest_award_code,
        -- whether that award counts only from a regionally accredited institution (dim_award_levels)
        (
            select bool_or(x.is_accreditation_required) from award_levels x
            where x.highest_award_code = w.highest_award_code
        ) as is_award_accreditation_required,
        w.highest_accredited_award_code,
        w.highest_accredited_ece_award_code,
        w.has_current_cda,
        w.ece_credits,
        w.admin_credits,
        w.qualification_level_code,
        w.registry_ladder_level,
        w.computed_ladder_level,
        coalesce(ad.award_rank, 0) as accredited_award_rank,
        coalesce(ed.award_rank, 0) as accredited_ece_award_rank
    from combine_spells s
    join workforce w using (person_id)
    left join award_levels ad on ad.award_level_code = w.highest_accredited_award_code
    left join award_levels ed on ed.award_level_code = w.highest_accredited_ece_award_code
),

find_next_level as (
    select r.person_id, min(l.level)::integer as next_ladder_level
    from (select distinct person_id, computed_ladder_level from rank_attainment) r
    join ladder_levels l on l.level > r.computed_ladder_level
    group by r.person_id
),

describe_next_level as (
    select
        n.person_id,
        n.next_ladder_level,
        l.level_name as next_ladder_level_name,
        l.credits_route_min_ece_credits,
        l.award_route_min_award_code,
        a.award_rank as award_route_min_award_rank,
        l.is_award_ece_concentration_required = 'Y' as is_award_ece_concentration_required,
        coalesce(l.award_route_min_ece_credits, 0) as award_route_min_ece_credits,
        l.has_teaching_cert_route = 'Y' as has_teaching_cert_route
    from find_next_level n
    join ladder_levels l on l.level = n.next_ladder_level
    left join award_levels a on a.award_level_code = l.award_route_min_award_code
),

final as (
    select
        r.program_id,
        r.person_id,
        n.last_name,
        n.first_name,
        r.spell_role_codes,
        r.is_primary_here,
        r.primary_role_code,
        r.first_start_date,
        rooms.room_assignments,
        rooms.designated_qsm_rooms is not null as is_designated_qsm,
        rooms.designated_qsm_rooms,
        r.highest_award_code,
        r.is_award_accreditation_required,
        r.highest_accredited_award_code,
        r.has_current_cda,
        r.ece_credits::double as ece_credits,
        r.admin_credits::double as admin_credits,
        r.qualification_level_code,
        -- the first rule of metrics.md's qualification levels that holds (the route to show)
        case r.qualification_level_code
            when 'BACHELOR_LEVEL' then case
                when r.accredited_ece_award_rank >= k.bachelor_rank then 'ECE_BACHELOR_OR_HIGHER'
                when r.accredited_award_rank >= k.bachelor_rank and r.ece_credits >= 12 then 'BACHELOR_PLUS_12_ECE_CREDITS'
                when cr.has_teaching_cert then 'TEACHING_CERT'
                when cr.has_ectc_bachelor then 'ECTC_BACHELOR'
            end
            when 'ASSOCIATE_LEVEL' then case
                when r.accredited_ece_award_rank >= k.associate_rank then 'ECE_ASSOCIATE_OR_HIGHER'
                when r.accredited_award_rank >= k.associate_rank and r.ece_credits >= 12 then 'ASSOCIATE_PLUS_12_ECE_CREDITS'
                when cr.has_ectc_associate then 'ECTC_ASSOCIATE'
            end
        end as qualification_route_code,
        cr.active_credential_codes,
        r.registry_ladder_level,
        r.computed_ladder_level,
        h.qsm_eligible_through_date,
        case
            when r.qualification_level_code = 'BACHELOR_LEVEL' then 'QUALIFIED'
            when r.accredited_award_rank >= 5 then 'NEEDS_ECE_CREDITS'
            else 'NEEDS_DEGREE'
        end as bachelor_level_gap_code,
        case
            when r.qualification_level_code <> 'BACHELOR_LEVEL' and r.accredited_award_rank >= 5
                then (12 - r.ece_credits)::double
        end as bachelor_level_ece_credits_missing,
        x.next_ladder_level,
        x.next_ladder_level_name,
        case
            when x.credits_route_min_ece_credits is not null
                then greatest(x.credits_route_min_ece_credits - r.ece_credits, 0)::double
        end as next_level_credits_route_ece_credits_missing,
        x.award_route_min_award_code as next_level_award_route_award_code,
        x.is_award_ece_concentration_required as is_next_level_award_ece_required,
        case
            when x.award_route_min_award_code is null then null
            when x.award_route_min_award_code = 'CDA' then r.has_current_cda
            when x.is_award_ece_concentration_required
                then r.accredited_ece_award_rank >= x.award_route_min_award_rank
            else r.accredited_award_rank >= x.award_route_min_award_rank
        end as has_next_level_award,
        case
            when x.award_route_min_award_code is not null
                then greatest(x.award_route_min_ece_credits - r.ece_credits, 0)::double
        end as next_level_award_route_ece_credits_missing,
        x.has_teaching_cert_route and r.accredited_award_rank >= x.award_route_min_award_rank
            as has_next_level_teaching_cert_route,
        case
            when not r.is_primary_here then null
            when r.primary_role_code = 'TEACHER'
                then r.qualification_level_code in ('BACHELOR_LEVEL', 'ASSOCIATE_LEVEL')
            when r.primary_role_code = 'ASSISTANT_TEACHER'
                then r.has_current_cda or r.ece_credits >= c.assistant_min_ece_credits
            when r.primary_role_code = 'DIRECTOR'
                then r.accredited_award_rank >= c.director_min_award_rank
                    and r.admin_credits >= c.director_min_admin_credits
        end as meets_naeyc_role_criterion
    from rank_attainment r
    join names n using (person_id)
    cross join prepare_criteria c
    cross join award_ranks k
    left join credentials_on_as_of cr on cr.person_id = r.person_id
    left join find_rooms rooms on rooms.program_id = r.program_id and rooms.person_id = r.person_id
    left join describe_next_level x on x.person_id = r.person_id
    left join people_history h
        on h.person_id = r.person_id
        and h.valid_from <= ${D}
        and (h.valid_to is null or h.valid_to > ${D})
)

select * from final
order by program_id, last_name, first_name, person_id`;

/**
 * The program's classrooms open on D, one row per room and designated QSM covering D (a room with
 * none has one row with no QSM; two at once is a data defect, shown as such): whether the room is
 * covered by the staff-qualification goal on D (marts.fct_classroom_qsm_monthly: open, an
 * infant-toddler, preschool or mixed room at a program state-funded in the fiscal year), and each
 * QSM's qualification level on D (dim_people) and whether they are confirmed staff of the program.
 */
export const ROOMS_SQL = `
with rooms as (
    select *
    from marts.dim_classrooms c
    where c.opened_date <= ${D} and (c.closed_date is null or c.closed_date >= ${D}) ${programFilter("c")}
),

designations as (
    select classroom_id, person_id
    from staging.stg_classroom_staffing
    where assignment_role_code = 'DESIGNATED_QSM'
        and person_id is not null
        and start_date <= ${D}
        and (end_date is null or end_date >= ${D})
    group by classroom_id, person_id
),

covered as (
    select classroom_id from marts.fct_classroom_qsm_monthly where snapshot_date = ${D}
),

people_on_as_of as (
    select person_id, qualification_level_code, qsm_eligible_through_date
    from marts.dim_people
    where valid_from <= ${D} and (valid_to is null or valid_to > ${D})
),

names as (
    select registry_id as person_id, first_name, last_name from staging.stg_people where registry_id = person_id
),

confirmed_staff as (
    -- a verified employment spell at the program covering D, the program open (as STAFF_SQL)
    select distinct s.program_id, s.person_id
    from staging.stg_record_counting_periods e
    join marts.fct_employment_spells s on s.employment_id = e.record_id
    join staging.stg_programs p on p.program_id = s.program_id
    where e.record_type_code = 'EMPLOYMENT'
        and ${D} >= greatest(e.counts_from_date, p.opened_date)
        and ${D} < least(
            coalesce(e.counts_until_date, 'infinity'::date),
            coalesce(p.closed_date + 1, 'infinity'::date)
        )
)

select
    r.program_id,
    r.classroom_id,
    r.room_name,
    r.age_group_code,
    r.is_qsm_age_group,
    c.classroom_id is not null as is_covered,
    count(d.person_id) over (partition by r.classroom_id) as designated_qsm_count,
    d.person_id as qsm_person_id,
    n.last_name,
    n.first_name,
    h.qualification_level_code as qsm_qualification_level_code,
    h.qsm_eligible_through_date as qsm_eligible_through_date,
    d.person_id is not null and f.person_id is not null as is_qsm_confirmed_staff
from rooms r
left join designations d using (classroom_id)
left join covered c using (classroom_id)
left join people_on_as_of h on h.person_id = d.person_id
left join names n on n.person_id = d.person_id
left join confirmed_staff f on f.program_id = r.program_id and f.person_id = d.person_id
order by r.program_id, r.room_name, r.classroom_id, n.last_name, n.first_name, d.person_id`;

/** The mart's NAEYC readiness rows on D (the program's result), one per program assessed. */
export const NAEYC_PROGRAM_SQL = `
select
    program_id,
    staff_count::integer as staff_count,
    teacher_count::integer as teacher_count,
    qualified_teacher_count::integer as qualified_teacher_count,
    teacher_qualified_pct,
    meets_teacher_criterion,
    assistant_count::integer as assistant_count,
    qualified_assistant_count::integer as qualified_assistant_count,
    assistant_qualified_pct,
    meets_assistant_criterion,
    director_count::integer as director_count,
    qualified_director_count::integer as qualified_director_count,
    meets_director_criterion,
    is_naeyc_ready
from marts.fct_program_naeyc_readiness_monthly x
where snapshot_date = ${D} ${programFilter("x")}`;

export const NAEYC_CRITERIA_SQL = `
select criterion_code, role_code, requirement_text, min_share_pct::double as min_share_pct, source, as_of::varchar as as_of
from seeds.naeyc_criteria
order by case role_code when 'TEACHER' then 1 when 'ASSISTANT_TEACHER' then 2 else 3 end`;

/**
 * Scholarship requests of the program's staff, submitted on or before D, with every status event on
 * or before D: one row per event. A request counts when it names the program as the employer and
 * the member's employment there, covering the day of the request, is verified on D (scholarships
 * require confirmed employment): a request naming a program that never confirmed the member (or
 * rejected the employment) is another program's business, not this administrator's.
 */
export const SCHOLARSHIPS_SQL = `
with requests as (
    select * from marts.fct_applications x
    where application_type_code = 'SCHOLARSHIP' and submitted_date <= ${D} ${programFilter("x")}
),

spells as (
    select * from marts.fct_employment_spells
),

verified_on_as_of as (
    select record_id as employment_id
    from staging.stg_verification_periods
    where record_type_code = 'EMPLOYMENT'
        and verification_status_code = 'VERIFIED'
        and valid_from <= ${D}
        and (valid_to is null or valid_to > ${D})
),

applications as (
    select r.*
    from requests r
    where exists (
        select 1
        from spells s
        join verified_on_as_of v using (employment_id)
        where s.person_id = r.person_id
            and s.program_id = r.program_id
            and s.start_date <= r.submitted_date
            and (s.end_date is null or s.end_date >= r.submitted_date)
    )
),

events as (
    select * from marts.fct_application_events where status_date <= ${D}
),

names as (
    select registry_id as person_id, first_name, last_name from staging.stg_people where registry_id = person_id
),

final as (
    select
        a.program_id,
        a.application_id,
        a.person_id,
        n.last_name,
        n.first_name,
        a.application_subtype_code,
        a.fiscal_year,
        a.institution_name,
        a.requested_usd::double as requested_usd,
        a.submitted_date,
        last_value(e.application_status_code) over w as status_on_as_of_code,
        e.event_sequence_number,
        e.status_date,
        e.application_status_code,
        e.amount_usd::double as amount_usd,
        e.denial_reason_code
    from applications a
    join names n using (person_id)
    left join events e using (application_id)
    window w as (
        partition by a.application_id order by e.status_date, e.event_sequence_number
        rows between unbounded preceding and unbounded following
    )
)

select * from final
order by program_id, last_name, first_name, submitted_date, application_id, status_date, event_sequence_number`;

/** Programs on D: the version in force (name, town, setting), and whether the site is open. */
export const PROGRAMS_SQL = `
select
    p.program_id,
    coalesce(v.program_name, p.program_name) as program_name,
    coalesce(v.license_number, p.license_number) as license_number,
    coalesce(v.setting_code, p.setting_code) as setting_code,
    coalesce(v.program_type_code, p.program_type_code) as program_type_code,
    coalesce(v.town_name, p.town_name) as town_name,
    p.opened_date,
    p.closed_date,
    p.opened_date <= ${D} and (p.closed_date is null or p.closed_date >= ${D}) as is_open_on_as_of
from staging.stg_programs p
left join marts.dim_programs v
    on v.program_id = p.program_id
    and v.valid_from <= ${D}
    and (v.valid_to is null or v.valid_to > ${D})
where true ${programFilter("p")}
order by p.program_id`;
