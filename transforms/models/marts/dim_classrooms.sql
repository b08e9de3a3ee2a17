-- Classrooms (current attributes) and whether their age group falls under the staff-qualification law.
with classrooms as (
    select * from staging.stg_classrooms
),

final as (
    select
        classroom_id,
        program_id,
        room_name,
        age_group_code,
        age_group_code in ('INFANT_TODDLER', 'PRESCHOOL', 'MIXED') as is_qsm_age_group,
        opened_date,
        closed_date,
        closed_date is null as is_open
    from classrooms
)

select * from final
