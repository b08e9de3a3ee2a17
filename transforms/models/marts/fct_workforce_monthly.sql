-- The active workforce on each snapshot date (month ends from 2012-01-31, and every extract's as-of
-- date): one row per member with at least one verified employment spell covering the date at a
-- program open on the date (metrics.md). Role, program, setting, town and wage come from the
-- primary spell: the active spell with the most hours_per_week from its pay record in force on the
-- date (a spell without one ranks last); ties: earliest start_date, then lowest employment_id.
-- Qualification and ladder level are the member's dim_people version in force on the date.
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

list_active_spells_on_dates as (
    select d.snapshot_date, d.fiscal_year, a.*
    from snapshot_dates d
    join find_active_periods a
        on d.snapshot_date >= a.active_from
        and d.snapshot_date < a.active_until
),

add_pay_in_force as (
    select
        s.*,
        c.compensation_id,
        c.hours_per_week,
        c.hourly_wage_usd,
        c.fte_annual_wage_usd
    from list_active_spells_on_dates s
    asof left join compensation c
        on c.employment_id = s.employment_id
        and s.snapshot_date >= c.effective_date
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
    asof left join program_history g
        on g.program_id = s.program_id
        and s.snapshot_date >= g.valid_from
    asof left join people_history h
        on h.person_id = s.person_id
        and s.snapshot_date >= h.valid_from
)

select * from final
