-- Covered classrooms on each snapshot date and their designated Qualified Staff Member (metrics.md):
-- a room is covered on D when it is open, serves INFANT_TODDLER, PRESCHOOL or MIXED, and its program
-- is state-funded in the fiscal year of D. The designated QSM is the member with a DESIGNATED_QSM
-- assignment covering D. Two members at once is a data defect: the room is flagged, and the most
-- recent designation (latest start_date, then highest assignment_id) is the one measured.
-- Speed: as in fct_workforce_monthly, everything is decided per period before expanding to snapshot
-- dates: each covered period of a room is cut where a designation starts or ends (the designations
-- in force are the same on every day of a piece), then where a version of the program or of the
-- measured QSM starts or ends.
with snapshot_dates as (
    select
        calendar_date as snapshot_date,
        fiscal_year,
        row_number() over (order by calendar_date) - 1 as snapshot_number
    from marts.dim_dates
    where is_snapshot_date
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

-- (In an incremental build, only the versions still in force on or after the first date
-- recomputed, as in fct_workforce_monthly.)
program_history as (
    select *
    from marts.dim_programs
    where coalesce(valid_to, 'infinity'::date) > coalesce(getvariable('incremental_from'), '-infinity'::date)
),

people_history as (
    select *
    from marts.dim_people
    where coalesce(valid_to, 'infinity'::date) > coalesce(getvariable('incremental_from'), '-infinity'::date)
),

-- The days a room is covered: open, and its program state-funded in the fiscal year (fiscal year N:
-- July 1 of N - 1 to June 30 of N). A period is [covered_from, covered_until).
covered_periods as (
    select *
    from (
        select
            c.classroom_id,
            c.program_id,
            c.age_group_code,
            greatest(c.opened_date, make_date(f.fiscal_year - 1, 7, 1)) as covered_from,
            least(coalesce(c.closed_date + 1, 'infinity'::date), make_date(f.fiscal_year, 7, 1)) as covered_until
        from classrooms c
        join state_funded_years f on f.program_id = c.program_id
        where c.opened_date is not null
    )
    where covered_from < covered_until
        -- in an incremental build, only periods reaching the first date recomputed
        and covered_until > coalesce(getvariable('incremental_from'), '-infinity'::date)
),

assignment_periods as (
    select
        classroom_id,
        person_id,
        assignment_id,
        start_date,
        start_date as assigned_from,
        coalesce(end_date + 1, 'infinity'::date) as assigned_until
    from qsm_assignments
    where start_date is not null
        and coalesce(end_date + 1, 'infinity'::date) > coalesce(getvariable('incremental_from'), '-infinity'::date)
),

-- Each covered period cut where a designation starts or ends inside it.
designation_cuts as (
    select classroom_id, covered_from, covered_from as cut from covered_periods
    union
    select p.classroom_id, p.covered_from, b.boundary
    from covered_periods p
    join (
        select classroom_id, assigned_from as boundary from assignment_periods
        union all
        select classroom_id, assigned_until from assignment_periods
    ) b
        on b.classroom_id = p.classroom_id
        and b.boundary > p.covered_from
        and b.boundary < p.covered_until
),

covered_pieces as (
    select
        p.classroom_id,
        p.program_id,
        p.age_group_code,
        c.cut as piece_from,
        coalesce(lead(c.cut) over (partition by c.classroom_id, c.covered_from order by c.cut), p.covered_until)
            as piece_until
    from designation_cuts c
    join covered_periods p using (classroom_id, covered_from)
),

summarise_designations as (
    select
        p.classroom_id,
        p.piece_from,
        count(distinct a.person_id) as designated_qsm_count,
        arg_max(a.person_id, (a.start_date, a.assignment_id)) as qsm_person_id,
        arg_max(a.assignment_id, (a.start_date, a.assignment_id)) as qsm_assignment_id
    from covered_pieces p
    join assignment_periods a
        on a.classroom_id = p.classroom_id
        and a.assigned_from <= p.piece_from
        and p.piece_until <= a.assigned_until
    group by p.classroom_id, p.piece_from
),

designated_pieces as (
    select p.*, s.designated_qsm_count, s.qsm_person_id, s.qsm_assignment_id
    from covered_pieces p
    left join summarise_designations s using (classroom_id, piece_from)
),

-- Each piece cut again where a version of its program or of its QSM starts or ends inside it.
program_version_boundaries as (
    select program_id as id, valid_from as boundary from program_history
    union all
    select program_id, valid_to from program_history where valid_to is not null
),

people_version_boundaries as (
    select person_id as id, valid_from as boundary from people_history
    union all
    select person_id, valid_to from people_history where valid_to is not null
),

version_cuts as (
    select classroom_id, piece_from, piece_from as cut from designated_pieces
    union
    select p.classroom_id, p.piece_from, b.boundary
    from designated_pieces p
    join program_version_boundaries b
        on b.id = p.program_id
        and b.boundary > p.piece_from
        and b.boundary < p.piece_until
    union
    select p.classroom_id, p.piece_from, b.boundary
    from designated_pieces p
    join people_version_boundaries b
        on b.id = p.qsm_person_id
        and b.boundary > p.piece_from
        and b.boundary < p.piece_until
),

cut_pieces as (
    select
        p.* exclude (piece_from, piece_until),
        c.cut as cut_from,
        coalesce(lead(c.cut) over (partition by c.classroom_id, c.piece_from order by c.cut), p.piece_until)
            as cut_until
    from version_cuts c
    join designated_pieces p using (classroom_id, piece_from)
),

-- The versions in force on the first day of a cut piece are in force on all of it.
add_versions as (
    select
        s.*,
        g.setting_code,
        g.town_name as program_town_name,
        h.qualification_level_code as qsm_qualification_level_code
    from cut_pieces s
    left join program_history g
        on g.program_id = s.program_id
        and s.cut_from >= g.valid_from
        and s.cut_from < coalesce(g.valid_to, 'infinity'::date)
    left join people_history h
        on h.person_id = s.qsm_person_id
        and s.cut_from >= h.valid_from
        and s.cut_from < coalesce(h.valid_to, 'infinity'::date)
),

-- Expansion to snapshot dates as in fct_workforce_monthly, by an equality join (a range join compared each piece with every
-- later date): each piece's dates are the snapshot numbers [first, end), looked up by day, cut into
-- chunks of at most 64; a small table lists the dates of every chunk (n * 64 ranges for n snapshot
-- dates, about 360,000 rows for 174: it grows with n, as every extract's as-of date is one).
snapshot_range as (
    select min(snapshot_date) as first_date, max(snapshot_date) + 1 as end_date from snapshot_dates
),

number_days as (
    -- For each day from the first snapshot date to the day after the last (list position = days
    -- since the first snapshot date + 1): how many snapshot dates fall before it.
    select
        r.first_date,
        r.end_date,
        list(
            (select count(*) from snapshot_dates s where s.snapshot_date < d.day) order by d.day
        ) as snapshots_before_day
    from snapshot_range r
    cross join (
        select unnest(generate_series(first_date, end_date, interval 1 day))::date as day
        from snapshot_range
    ) d
    group by r.first_date, r.end_date
),

number_pieces as (
    select
        s.*,
        n.snapshots_before_day[least(greatest(s.cut_from, n.first_date), n.end_date) - n.first_date + 1]
            as piece_first_number,
        n.snapshots_before_day[least(greatest(s.cut_until, n.first_date), n.end_date) - n.first_date + 1]
            as piece_end_number
    from add_versions s
    cross join number_days n
),

chunk_pieces as (
    select
        p.* exclude (piece_first_number, piece_end_number, chunk_first),
        p.chunk_first as first_snapshot_number,
        least(p.chunk_first + 64, p.piece_end_number) as end_snapshot_number
    from (
        -- (unnest in the select list: in a lateral join, DuckDB keeps every piece to join back)
        select *, unnest(range(piece_first_number, piece_end_number, 64)) as chunk_first
        from number_pieces
    ) p
),

list_snapshots_of_ranges as (
    select
        f.snapshot_number as first_snapshot_number,
        f.snapshot_number + k.chunk_length as end_snapshot_number,
        d.snapshot_date,
        d.fiscal_year
    from snapshot_dates f
    cross join range(1, 65) as k(chunk_length)
    join snapshot_dates d
        on d.snapshot_number >= f.snapshot_number
        and d.snapshot_number < f.snapshot_number + k.chunk_length
),

final as (
    select
        d.snapshot_date,
        s.classroom_id,
        d.fiscal_year,
        s.program_id,
        s.age_group_code,
        s.setting_code,
        s.program_town_name,
        coalesce(s.designated_qsm_count, 0) as designated_qsm_count,
        s.qsm_person_id is not null as has_designated_qsm,
        coalesce(s.designated_qsm_count, 0) > 1 as has_multiple_designated_qsms,
        s.qsm_person_id,
        s.qsm_assignment_id,
        s.qsm_qualification_level_code,
        coalesce(s.qsm_qualification_level_code = 'BACHELOR_LEVEL', false) as is_qsm_bachelor_level_qualified,
        coalesce(s.qsm_qualification_level_code = 'ASSOCIATE_LEVEL', false) as is_qsm_associate_level_only
    from chunk_pieces s
    join list_snapshots_of_ranges d
        on d.first_snapshot_number = s.first_snapshot_number
        and d.end_snapshot_number = s.end_snapshot_number
)

select * from final
