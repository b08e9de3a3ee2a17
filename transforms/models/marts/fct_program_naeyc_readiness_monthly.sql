-- NAEYC readiness of each program on each snapshot date (metrics.md, "NAEYC readiness"; criteria
-- from seeds.naeyc_criteria, a configurable proxy for NAEYC's staff education criteria). A program
-- is assessed on D when at least one member of the active workforce has their primary spell there;
-- its teachers, assistants and directors are the members whose primary spell there has that role.
--   TEACHER: share associate-level or bachelor-level qualified >= min_share_pct (0.75);
--   ASSISTANT_TEACHER: share with a current CDA or >= min_ece_credits (12) ECE credits >= 0.5;
--   DIRECTOR: share with an accredited award of min_award_code (BACHELOR) or higher and
--     >= min_admin_credits (9) administration credits >= min_share_pct (1: every director).
-- A role with nobody in it does not meet its criterion, so a program without a director (or without
-- teachers or assistants) is not ready.
-- Family child care homes are not assessed (is_naeyc_assessed false, never ready): NAEYC accredits
-- centre- and school-based programs, family child care is accredited by NAFCC, and a home's
-- provider and assistants hold none of the three roles the criteria name.
with workforce as (
    select * from marts.fct_workforce_monthly
),

criteria as (
    select * from seeds.naeyc_criteria
),

award_levels as (
    select * from marts.dim_award_levels
),

geography as (
    select * from marts.dim_geography
),

program_history as (
    select * from marts.dim_programs
),

dates as (
    select * from marts.dim_dates
),

prepare_criteria as (
    select
        max(c.min_share_pct::double) filter (where c.role_code = 'TEACHER') as teacher_min_share_pct,
        max(c.min_share_pct::double) filter (where c.role_code = 'ASSISTANT_TEACHER')
            as assistant_min_share_pct,
        max(c.min_ece_credits::double) filter (where c.role_code = 'ASSISTANT_TEACHER')
            as assistant_min_ece_credits,
        max(c.min_share_pct::double) filter (where c.role_code = 'DIRECTOR') as director_min_share_pct,
        max(a.award_rank) filter (where c.role_code = 'DIRECTOR') as director_min_award_rank,
        max(c.min_admin_credits::double) filter (where c.role_code = 'DIRECTOR') as director_min_admin_credits
    from criteria c
    left join award_levels a on a.award_level_code = c.min_award_code
),

qualify_staff as (
    select
        w.snapshot_date,
        w.program_id,
        w.role_code,
        case
            when w.role_code = 'TEACHER'
                then w.qualification_level_code in ('BACHELOR_LEVEL', 'ASSOCIATE_LEVEL')
            when w.role_code = 'ASSISTANT_TEACHER'
                then w.has_current_cda or w.ece_credits >= c.assistant_min_ece_credits
            when w.role_code = 'DIRECTOR'
                then coalesce(a.award_rank >= c.director_min_award_rank, false)
                    and w.admin_credits >= c.director_min_admin_credits
        end as meets_role_criterion
    from workforce w
    cross join prepare_criteria c
    left join award_levels a on a.award_level_code = w.highest_accredited_award_code
),

summarise_programs as (
    select
        snapshot_date,
        program_id,
        count(*) as staff_count,
        count(*) filter (where role_code = 'TEACHER') as teacher_count,
        count(*) filter (where role_code = 'TEACHER' and meets_role_criterion) as qualified_teacher_count,
        count(*) filter (where role_code = 'ASSISTANT_TEACHER') as assistant_count,
        count(*) filter (where role_code = 'ASSISTANT_TEACHER' and meets_role_criterion)
            as qualified_assistant_count,
        count(*) filter (where role_code = 'DIRECTOR') as director_count,
        count(*) filter (where role_code = 'DIRECTOR' and meets_role_criterion) as qualified_director_count
    from qualify_staff
    group by snapshot_date, program_id
),

apply_criteria as (
    select
        s.*,
        case when s.teacher_count > 0 then s.qualified_teacher_count / s.teacher_count end
            as teacher_qualified_pct,
        case when s.assistant_count > 0 then s.qualified_assistant_count / s.assistant_count end
            as assistant_qualified_pct,
        case when s.director_count > 0 then s.qualified_director_count / s.director_count end
            as director_qualified_pct,
        c.teacher_min_share_pct,
        c.assistant_min_share_pct,
        c.director_min_share_pct
    from summarise_programs s
    cross join prepare_criteria c
),

-- The program's version in force on the date (the snapshot's program columns; counting first and
-- describing after is twice as fast at 21 million programs x months as carrying them through).
describe_programs as (
    select
        a.*,
        d.fiscal_year,
        g.setting_code,
        g.program_type_code,
        g.town_name as program_town_name
    from apply_criteria a
    join dates d on d.calendar_date = a.snapshot_date
    left join program_history g
        on g.program_id = a.program_id
        and a.snapshot_date >= g.valid_from
        and a.snapshot_date < coalesce(g.valid_to, 'infinity'::date)
),

final as (
    select
        a.snapshot_date,
        a.program_id,
        a.fiscal_year,
        a.setting_code,
        a.program_type_code,
        a.program_town_name,
        g.oec_region_name,
        a.staff_count,
        a.teacher_count,
        a.qualified_teacher_count,
        a.teacher_qualified_pct,
        coalesce(a.teacher_qualified_pct >= a.teacher_min_share_pct, false) as meets_teacher_criterion,
        a.assistant_count,
        a.qualified_assistant_count,
        a.assistant_qualified_pct,
        coalesce(a.assistant_qualified_pct >= a.assistant_min_share_pct, false) as meets_assistant_criterion,
        a.director_count,
        a.qualified_director_count,
        coalesce(a.director_qualified_pct >= a.director_min_share_pct, false) as meets_director_criterion,
        a.setting_code is distinct from 'FAMILY_CHILD_CARE' as is_naeyc_assessed,
        a.setting_code is distinct from 'FAMILY_CHILD_CARE'
            and coalesce(a.teacher_qualified_pct >= a.teacher_min_share_pct, false)
            and coalesce(a.assistant_qualified_pct >= a.assistant_min_share_pct, false)
            and coalesce(a.director_qualified_pct >= a.director_min_share_pct, false) as is_naeyc_ready
    from describe_programs a
    left join geography g on g.town_name = a.program_town_name
)

select * from final
