-- The active workforce on each snapshot date (month ends from 2012-01-31, and every extract's as-of
-- date): one row per member with at least one verified employment spell covering the date at a
-- program open on the date (metrics.md). Role, program, setting, town and wage come from the
-- primary spell: the active spell with the most hours_per_week from its pay record in force on the
-- date (a spell without one ranks last); ties: earliest start_date, then lowest employment_id.
-- Qualification and ladder level are the member's dim_people version in force on the date.
-- Speed (69 million rows at 2,000,000 members): everything is decided per period before the
-- periods are expanded to snapshot dates. Each active period is split at its pay changes; a
-- member's periods are cut where any of them starts or ends, so the set of active spells is the same
-- on every day of a piece and the primary spell is ranked once per piece; each piece is then
-- intersected with the versions of its program and of the member that overlap it, so one version of
-- each is in force on every day of a part; only then are the parts joined to the snapshot dates they
-- contain, by an equality on the range of snapshot numbers they cover (a range join on dates took
-- 33 s of 138 s). The model alone (into a new file, 3GB memory limit) took 123-129 s before the
-- intersection and the select-list unnest below, 89 s after (CPU 231-237 s -> 173 s).
with snapshot_dates as (
    select
        calendar_date as snapshot_date,
        fiscal_year,
        row_number() over (order by calendar_date) - 1 as snapshot_number
    from marts.dim_dates
    where is_snapshot_date
),

-- In an incremental build, only the periods still counting on or after the first date recomputed
-- (the others end before any row recomputed): at 2,000,000 members, a nightly build's new as-of
-- date for everybody then reads a tenth of the 20 million periods.
employment_periods as (
    select *
    from staging.stg_record_counting_periods
    where record_type_code = 'EMPLOYMENT'
        and coalesce(counts_until_date, 'infinity'::date)
            > coalesce(getvariable('incremental_from'), '-infinity'::date)
),

spells as (
    select * from marts.fct_employment_spells
),

programs as (
    select * from staging.stg_programs
),

compensation as (
    select * from marts.fct_compensation where is_in_force
),

-- (In an incremental build, only the versions still in force on or after the first date
-- recomputed: a piece covering that date is cut where the version in force then starts, and so
-- never looks up an earlier one.)
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

find_active_periods as (
    -- A spell is active while it is verified, within its dates, and its program is open.
    select
        s.person_id,
        s.employment_id,
        s.program_id,
        s.role_code,
        s.age_group_served_code,
        s.start_date,
        greatest(e.counts_from_date, p.opened_date) as active_from,
        least(
            coalesce(e.counts_until_date, 'infinity'::date),
            coalesce(p.closed_date + 1, 'infinity'::date)
        ) as active_until
    from employment_periods e
    join spells s on s.employment_id = e.record_id
    join programs p on p.program_id = s.program_id
),

split_by_pay as (
    -- Each active period split at its pay changes: the part before the first pay record in force
    -- (no pay), then one part per pay record in force (in-force records follow each other).
    select a.*, null::varchar as compensation_id, null::double as hours_per_week,
        null::double as hourly_wage_usd, null::double as fte_annual_wage_usd,
        a.active_from as part_from,
        least(a.active_until, coalesce(f.first_effective_date, 'infinity'::date)) as part_until
    from find_active_periods a
    left join (
        select employment_id, min(effective_date) as first_effective_date from compensation group by employment_id
    ) f using (employment_id)
    where a.active_from < coalesce(f.first_effective_date, 'infinity'::date)
    union all
    select a.*, c.compensation_id, c.hours_per_week, c.hourly_wage_usd, c.fte_annual_wage_usd,
        greatest(a.active_from, c.effective_date) as part_from,
        least(a.active_until, coalesce(c.valid_to, 'infinity'::date)) as part_until
    from find_active_periods a
    join compensation c
        on c.employment_id = a.employment_id
        and c.effective_date < a.active_until
        and a.active_from < coalesce(c.valid_to, 'infinity'::date)
        -- (incremental build: a pay record ended before the first date recomputed makes no part)
        and coalesce(c.valid_to, 'infinity'::date) > coalesce(getvariable('incremental_from'), '-infinity'::date)
),

-- Parts of at least one day (in an incremental build, only those still active on or after the
-- first date recomputed: the others cannot change a later piece).
parts as (
    select *
    from split_by_pay
    where part_from < part_until
        and part_until > coalesce(getvariable('incremental_from'), '-infinity'::date)
),

-- The days on which a member's set of active parts changes, and the pieces between them.
part_boundaries as (
    select person_id, part_from as boundary from parts
    union
    select person_id, part_until as boundary from parts
),

pieces as (
    select
        person_id,
        boundary as piece_from,
        lead(boundary) over (partition by person_id order by boundary) as piece_until
    from part_boundaries
),

-- The parts active on every day of a piece, ranked as on any of its days.
rank_spells as (
    select
        p.*,
        i.piece_from,
        i.piece_until,
        row_number() over (
            partition by i.person_id, i.piece_from
            order by p.hours_per_week desc nulls last, p.start_date, p.employment_id
        ) as spell_rank,
        count(*) over (partition by i.person_id, i.piece_from) as active_spell_count
    from pieces i
    join parts p
        on p.person_id = i.person_id
        and p.part_from <= i.piece_from
        and i.piece_until <= p.part_until
),

keep_primary_spells as (
    select * exclude (spell_rank, part_from, part_until) from rank_spells where spell_rank = 1
),

-- Each primary piece intersected with the versions of its program and of its member that overlap
-- it: one row per combination in force together on at least one day of the piece (the versions of
-- dim_programs and dim_people follow each other without gaps from the program's opening and the
-- member's first appearance, so together they cover the piece). Before, each piece was cut at every
-- version boundary inside it (a union, a window, a join back), then joined to the versions again.
add_versions as (
    select
        s.* exclude (piece_from, piece_until),
        greatest(s.piece_from, g.valid_from, h.valid_from) as cut_from,
        least(
            s.piece_until,
            coalesce(g.valid_to, 'infinity'::date),
            coalesce(h.valid_to, 'infinity'::date)
        ) as cut_until,
        g.setting_code,
        g.program_type_code,
        g.town_name as program_town_name,
        g.is_state_funded as is_program_state_funded,
        g.has_head_start_funding as has_program_head_start_funding,
        h.home_town_name,
        h.highest_award_code,
        h.highest_accredited_award_code,
        h.highest_accredited_ece_award_code,
        h.has_current_cda,
        h.ece_credits,
        h.admin_credits,
        h.qualification_level_code,
        h.is_bachelor_level_qualified,
        h.computed_ladder_level,
        h.registry_ladder_level
    from keep_primary_spells s
    join program_history g
        on g.program_id = s.program_id
        and g.valid_from < s.piece_until
        and s.piece_from < coalesce(g.valid_to, 'infinity'::date)
    join people_history h
        on h.person_id = s.person_id
        and h.valid_from < s.piece_until
        and s.piece_from < coalesce(h.valid_to, 'infinity'::date)
    where greatest(g.valid_from, h.valid_from)
        < least(coalesce(g.valid_to, 'infinity'::date), coalesce(h.valid_to, 'infinity'::date))
),

-- Expansion to snapshot dates by an equality join (a range join compared each piece with every
-- later date). A piece's dates are the snapshot numbers [first, end), looked up by day. The numbers
-- fall in aligned blocks of 64 (0-63, 64-127, ...): a piece over several blocks is split at them
-- (one row per block it covers), and a small table lists the dates of every range within a block
-- (2,080 ranges a block: 108,816 rows for 174 snapshot dates; it grows in proportion to them,
-- as every extract's as-of date is one).
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
        p.* exclude (piece_first_number, piece_end_number, block),
        greatest(p.piece_first_number, p.block * 64) as first_snapshot_number,
        least(p.piece_end_number, p.block * 64 + 64) as end_snapshot_number
    from (
        -- (unnest in the select list: in a lateral join, DuckDB keeps every piece to join back)
        select *, unnest(range(piece_first_number // 64, (piece_end_number - 1) // 64 + 1)) as block
        from number_pieces
        -- (a piece between two snapshot dates has none)
        where piece_first_number < piece_end_number
    ) p
),

list_snapshots_of_ranges as (
    select
        f.snapshot_number as first_snapshot_number,
        e.snapshot_number + 1 as end_snapshot_number,
        d.snapshot_date,
        d.fiscal_year
    from snapshot_dates f
    join snapshot_dates e
        on e.snapshot_number // 64 = f.snapshot_number // 64
        and e.snapshot_number >= f.snapshot_number
    join snapshot_dates d
        on d.snapshot_number // 64 = f.snapshot_number // 64
        and d.snapshot_number >= f.snapshot_number
        and d.snapshot_number <= e.snapshot_number
),

final as (
    select
        d.snapshot_date,
        s.person_id,
        d.fiscal_year,
        s.employment_id as primary_employment_id,
        s.program_id,
        s.role_code,
        s.age_group_served_code,
        s.setting_code,
        s.program_type_code,
        s.program_town_name,
        s.is_program_state_funded,
        s.has_program_head_start_funding,
        s.active_spell_count,
        s.compensation_id,
        s.hours_per_week,
        s.hours_per_week >= 30 as is_full_time,
        s.hourly_wage_usd,
        s.fte_annual_wage_usd,
        s.home_town_name,
        s.highest_award_code,
        s.highest_accredited_award_code,
        s.highest_accredited_ece_award_code,
        s.has_current_cda,
        s.ece_credits,
        s.admin_credits,
        s.qualification_level_code,
        s.is_bachelor_level_qualified,
        s.computed_ladder_level,
        s.registry_ladder_level
    -- pieces in order of their first snapshot date: the rows come out roughly in date order, which
    -- the models grouping the snapshot by date and program do faster (NAEYC 41 s -> 31 s at
    -- 2,000,000 members; this model 131 s against 127 s unordered, within the run-to-run spread)
    from (select * from chunk_pieces order by first_snapshot_number, end_snapshot_number) s
    join list_snapshots_of_ranges d
        on d.first_snapshot_number = s.first_snapshot_number
        and d.end_snapshot_number = s.end_snapshot_number
)

select * from final
