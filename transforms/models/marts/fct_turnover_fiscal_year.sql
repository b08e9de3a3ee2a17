-- Turnover and leaving the field by state fiscal year (metrics.md, "Workforce"): one row per member
-- active at a program on the fiscal year's first day (July 1: a verified employment spell covering
-- the day at a program open on it), and whether, on the year's last day (June 30), the member still
-- has an active spell at that same program (else: turnover) or anywhere (else: left the field). A
-- member active at two programs on July 1 has a row for each. Only fiscal years that have ended by
-- the latest as-of date and start on or after the first snapshot date (2012) are measured. The role
-- is that of the member's spell at the program on July 1 (several: most hours_per_week from the pay
-- record in force, then earliest start_date, then lowest employment_id, as for the primary spell).
with dates as (
    select * from marts.dim_dates
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

list_fiscal_years as (
    select fiscal_year, fiscal_year_start_date, fiscal_year_end_date
    from dates
    group by all
    having fiscal_year_start_date >= (select min(calendar_date) from dates where is_snapshot_date)
        and fiscal_year_end_date <= (select max(calendar_date) from dates where is_extract_as_of_date)
),

find_active_periods as (
    -- As in fct_workforce_monthly: verified, within the spell's dates, program open.
    select
        s.person_id,
        s.employment_id,
        s.program_id,
        s.role_code,
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

list_spells_on_first_day as (
    select f.fiscal_year, f.fiscal_year_start_date, f.fiscal_year_end_date, a.*
    from list_fiscal_years f
    join find_active_periods a
        on f.fiscal_year_start_date >= a.active_from
        and f.fiscal_year_start_date < a.active_until
),

list_pay_on_first_days as (
    -- The pay record of each spell in force on each July 1: effective_date <= July 1 < valid_to.
    select f.fiscal_year, c.employment_id, c.hours_per_week
    from list_fiscal_years f
    join compensation c
        on c.effective_date <= f.fiscal_year_start_date
        and (c.valid_to is null or c.valid_to > f.fiscal_year_start_date)
),

add_pay_in_force as (
    select s.*, p.hours_per_week
    from list_spells_on_first_day s
    left join list_pay_on_first_days p using (fiscal_year, employment_id)
),

keep_one_spell_per_program as (
    select *
    from add_pay_in_force
    qualify row_number() over (
        partition by fiscal_year, person_id, program_id
        order by hours_per_week desc nulls last, start_date, employment_id
    ) = 1
),

list_spells_on_last_day as (
    select distinct f.fiscal_year, a.person_id, a.program_id
    from list_fiscal_years f
    join find_active_periods a
        on f.fiscal_year_end_date >= a.active_from
        and f.fiscal_year_end_date < a.active_until
),

list_people_on_last_day as (
    select distinct fiscal_year, person_id from list_spells_on_last_day
),

list_program_versions_on_first_days as (
    -- The program's version in force on each July 1 (valid_from <= July 1 < valid_to).
    select f.fiscal_year, g.program_id, g.setting_code, g.town_name
    from list_fiscal_years f
    join program_history g
        on g.valid_from <= f.fiscal_year_start_date
        and (g.valid_to is null or g.valid_to > f.fiscal_year_start_date)
),

classify_outcomes as (
    select
        s.*,
        l.program_id is not null as is_at_program_on_last_day,
        p.person_id is not null as is_active_on_last_day
    from keep_one_spell_per_program s
    left join list_spells_on_last_day l using (fiscal_year, person_id, program_id)
    left join list_people_on_last_day p using (fiscal_year, person_id)
),

final as (
    select
        s.fiscal_year,
        s.program_id,
        s.person_id,
        s.fiscal_year_start_date,
        s.fiscal_year_end_date,
        s.employment_id,
        s.role_code,
        g.setting_code,
        g.town_name as program_town_name,
        s.is_at_program_on_last_day,
        s.is_active_on_last_day,
        case
            when s.is_at_program_on_last_day then 'STAYED'
            when s.is_active_on_last_day then 'ACTIVE_ELSEWHERE'
            else 'LEFT_FIELD'
        end as turnover_outcome_code,
        not s.is_at_program_on_last_day as has_left_program,
        not s.is_active_on_last_day as has_left_field
    from classify_outcomes s
    left join list_program_versions_on_first_days g using (fiscal_year, program_id)
)

select * from final
