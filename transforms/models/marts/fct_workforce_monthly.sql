-- The active workforce on each snapshot date (month ends from 2012-01-31, and every extract's as-of
-- date): one row per member with at least one verified employment spell covering the date at a
-- program open on the date (metrics.md). Role, program, setting, town and wage come from the
-- primary spell: the active spell with the most hours_per_week from its pay record in force on the
-- date (a spell without one ranks last); ties: earliest start_date, then lowest employment_id.
-- Qualification and ladder level are the member's dim_people version in force on the date.
-- Speed: pay is attached per part of each active period (split at pay changes) before the periods
-- are expanded to dates, and versions in force are found with an equality join on the key plus the
-- [valid_from, valid_to) range (versions follow each other), not per-row as-of joins.
with snapshot_dates as (
    select calendar_date as snapshot_date, fiscal_year from marts.dim_dates where is_snapshot_date
),

employment_periods as (
    select * from staging.stg_record_counting_periods where record_type_code = 'EMPLOYMENT'
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

program_history as (
    select * from marts.dim_programs
),

people_history as (
    select * from marts.dim_people
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
),

add_pay_in_force as (
    select d.snapshot_date, d.fiscal_year, s.* exclude (part_from, part_until)
    from snapshot_dates d
    join split_by_pay s
        on d.snapshot_date >= s.part_from
        and d.snapshot_date < s.part_until
),

rank_spells as (
    select
        *,
        row_number() over (
            partition by person_id, snapshot_date
            order by hours_per_week desc nulls last, start_date, employment_id
        ) as spell_rank,
        count(*) over (partition by person_id, snapshot_date) as active_spell_count
    from add_pay_in_force
),

keep_primary_spells as (
    select * from rank_spells where spell_rank = 1
),

final as (
    select
        s.snapshot_date,
        s.person_id,
        s.fiscal_year,
        s.employment_id as primary_employment_id,
        s.program_id,
        s.role_code,
        s.age_group_served_code,
        g.setting_code,
        g.program_type_code,
        g.town_name as program_town_name,
        g.is_state_funded as is_program_state_funded,
        g.has_head_start_funding as has_program_head_start_funding,
        s.active_spell_count,
        s.compensation_id,
        s.hours_per_week,
        s.hours_per_week >= 30 as is_full_time,
        s.hourly_wage_usd,
        s.fte_annual_wage_usd,
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
    left join program_history g
        on g.program_id = s.program_id
        and s.snapshot_date >= g.valid_from
        and s.snapshot_date < coalesce(g.valid_to, 'infinity'::date)
    left join people_history h
        on h.person_id = s.person_id
        and s.snapshot_date >= h.valid_from
        and s.snapshot_date < coalesce(h.valid_to, 'infinity'::date)
)

select * from final
