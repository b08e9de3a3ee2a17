-- Professional-development planning on the latest as-of date: for each member of the active
-- workforce, what stands between them and (a) the bachelor-level standard (the QSM degree standard
-- of metrics.md) and (b) the next career-ladder level above their computed level (rules from
-- seeds.career_ladder_levels). Also the registry's placement next to the computed level: a
-- disagreement is reported here and in reporting.rpt_ladder_consistency_by_level, never fixed.
with latest_snapshot as (
    select max(calendar_date) as snapshot_date from marts.dim_dates where is_extract_as_of_date
),

workforce as (
    select w.*
    from marts.fct_workforce_monthly w
    join latest_snapshot s using (snapshot_date)
),

covered_classrooms as (
    select c.*
    from marts.fct_classroom_qsm_monthly c
    join latest_snapshot s using (snapshot_date)
),

classroom_assignments as (
    select * from staging.stg_classroom_staffing where person_id is not null
),

award_levels as (
    select * from marts.dim_award_levels
),

ladder_levels as (
    select * from seeds.career_ladder_levels where is_retired = 'N'
),

find_covered_room_roles as (
    -- Members teaching in a covered room on the date: its designated QSM or a TEACHER assignment.
    select
        a.person_id,
        bool_or(a.assignment_role_code = 'DESIGNATED_QSM') as is_designated_qsm,
        bool_or(a.assignment_role_code in ('DESIGNATED_QSM', 'TEACHER')) as is_teaching_in_covered_room
    from covered_classrooms c
    join classroom_assignments a
        on a.classroom_id = c.classroom_id
        and c.snapshot_date >= a.start_date
        and (a.end_date is null or c.snapshot_date <= a.end_date)
    group by a.person_id
),

rank_attainment as (
    select
        w.*,
        coalesce(ad.award_rank, 0) as accredited_award_rank,
        coalesce(ed.award_rank, 0) as accredited_ece_award_rank
    from workforce w
    left join award_levels ad on ad.award_level_code = w.highest_accredited_award_code
    left join award_levels ed on ed.award_level_code = w.highest_accredited_ece_award_code
),

find_next_level as (
    select
        r.person_id,
        min(l.level)::integer as next_ladder_level
    from rank_attainment r
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
        coalesce(l.award_route_min_ece_credits, 0) as award_route_min_ece_credits
    from find_next_level n
    join ladder_levels l on l.level = n.next_ladder_level
    left join award_levels a on a.award_level_code = l.award_route_min_award_code
),

final as (
    select
        r.snapshot_date,
        r.person_id,
        r.role_code,
        r.setting_code,
        r.program_id,
        r.program_town_name,
        r.is_program_state_funded,
        coalesce(c.is_designated_qsm, false) as is_designated_qsm,
        coalesce(c.is_teaching_in_covered_room, false) as is_teaching_in_covered_room,
        r.highest_award_code,
        r.highest_accredited_award_code,
        r.highest_accredited_ece_award_code,
        r.has_current_cda,
        r.ece_credits,
        r.qualification_level_code,
        case
            when r.qualification_level_code = 'BACHELOR_LEVEL' then 'QUALIFIED'
            when r.accredited_award_rank >= 5 then 'NEEDS_ECE_CREDITS'
            else 'NEEDS_DEGREE'
        end as bachelor_level_gap_code,
        case
            when r.qualification_level_code <> 'BACHELOR_LEVEL' and r.accredited_award_rank >= 5
                then 12 - r.ece_credits
        end as bachelor_level_ece_credits_missing,
        r.registry_ladder_level,
        r.computed_ladder_level,
        r.registry_ladder_level is not distinct from r.computed_ladder_level as is_ladder_consistent,
        n.next_ladder_level,
        n.next_ladder_level_name,
        case
            when n.credits_route_min_ece_credits is not null
                then greatest(n.credits_route_min_ece_credits - r.ece_credits, 0)
        end as next_level_credits_route_ece_credits_missing,
        n.award_route_min_award_code as next_level_award_route_award_code,
        case
            when n.award_route_min_award_code is null then null
            when n.award_route_min_award_code = 'CDA' then r.has_current_cda
            when n.is_award_ece_concentration_required
                then r.accredited_ece_award_rank >= n.award_route_min_award_rank
            else r.accredited_award_rank >= n.award_route_min_award_rank
        end as has_next_level_award,
        case
            when n.award_route_min_award_code is not null
                then greatest(n.award_route_min_ece_credits - r.ece_credits, 0)
        end as next_level_award_route_ece_credits_missing
    from rank_attainment r
    left join find_covered_room_roles c using (person_id)
    left join describe_next_level n using (person_id)
)

select * from final
