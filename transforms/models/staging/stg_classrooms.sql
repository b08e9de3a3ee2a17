-- Current classrooms.
with classrooms as (
    select * from raw.classrooms where _valid_to is null
),

final as (
    select
        classroom_id,
        program_id,
        room_name,
        age_group as age_group_code,
        opened_on as opened_date,
        closed_on as closed_date,
        updated_at
    from classrooms
)

select * from final
