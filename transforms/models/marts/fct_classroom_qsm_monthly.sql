-- Covered classrooms on each snapshot date and their designated Qualified Staff Member (metrics.md):
-- a room is covered on D when it is open, serves INFANT_TODDLER, PRESCHOOL or MIXED, and its program
-- is state-funded in the fiscal year of D. The designated QSM is the member with a DESIGNATED_QSM
-- assignment covering D. Two members at once is a data defect: the room is flagged, and the most
-- recent designation (latest start_date, then highest assignment_id) is the one measured.
with snapshot_dates as (
    select calendar_date as snapshot_date, fiscal_year from marts.dim_dates where is_snapshot_date
),

classrooms as (
    select * from marts.dim_classrooms where is_qsm_age_group
),

state_funded_years as (
    select distinct program_id, fiscal_year
    from marts.fct_program_funding
    where is_state_funding
),

qsm_assignments as (
    select *
    from staging.stg_classroom_staffing
    where assignment_role_code = 'DESIGNATED_QSM' and person_id is not null
),

program_history as (
    select * from marts.dim_programs
),

people_history as (
    select * from marts.dim_people
),

list_covered_classrooms as (
    select d.snapshot_date, d.fiscal_year, c.classroom_id, c.program_id, c.age_group_code
    from snapshot_dates d
    join classrooms c
        on d.snapshot_date >= c.opened_date
        and (c.closed_date is null or d.snapshot_date <= c.closed_date)
    join state_funded_years f
        on f.program_id = c.program_id
        and f.fiscal_year = d.fiscal_year
),

find_designations as (
    select c.snapshot_date, c.classroom_id, a.person_id, a.assignment_id, a.start_date
    from list_covered_classrooms c
    join qsm_assignments a
        on a.classroom_id = c.classroom_id
        and c.snapshot_date >= a.start_date
        and (a.end_date is null or c.snapshot_date <= a.end_date)
),

summarise_designations as (
    select
        snapshot_date,
        classroom_id,
        count(distinct person_id) as designated_qsm_count,
        arg_max(person_id, (start_date, assignment_id)) as qsm_person_id,
        arg_max(assignment_id, (start_date, assignment_id)) as qsm_assignment_id
    from find_designations
    group by snapshot_date, classroom_id
),

final as (
    select
        c.snapshot_date,
        c.classroom_id,
        c.fiscal_year,
        c.program_id,
        c.age_group_code,
        g.setting_code,
        g.town_name as program_town_name,
        coalesce(s.designated_qsm_count, 0) as designated_qsm_count,
        s.qsm_person_id is not null as has_designated_qsm,
        coalesce(s.designated_qsm_count, 0) > 1 as has_multiple_designated_qsms,
        s.qsm_person_id,
        s.qsm_assignment_id,
        h.qualification_level_code as qsm_qualification_level_code,
        coalesce(h.qualification_level_code = 'BACHELOR_LEVEL', false) as is_qsm_bachelor_level_qualified,
        coalesce(h.qualification_level_code = 'ASSOCIATE_LEVEL', false) as is_qsm_associate_level_only
    from list_covered_classrooms c
    left join summarise_designations s using (snapshot_date, classroom_id)
    -- versions in force: key equality plus the [valid_from, valid_to) range (versions follow each other)
    left join program_history g
        on g.program_id = c.program_id
        and c.snapshot_date >= g.valid_from
        and c.snapshot_date < coalesce(g.valid_to, 'infinity'::date)
    left join people_history h
        on h.person_id = s.qsm_person_id
        and c.snapshot_date >= h.valid_from
        and c.snapshot_date < coalesce(h.valid_to, 'infinity'::date)
)

select * from final
