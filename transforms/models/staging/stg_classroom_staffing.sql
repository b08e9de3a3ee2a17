-- Current classroom assignments, with the surviving account of the member assigned.
with staffing as (
    select * from raw.classroom_staffing where _valid_to is null
),

people as (
    select * from staging.stg_people
),

final as (
    select
        s.assignment_id,
        s.classroom_id,
        s.registry_id,
        p.person_id,
        s.assignment_role as assignment_role_code,
        s.start_date,
        s.end_date,
        s.updated_at
    from staffing s
    left join people p on p.registry_id = s.registry_id
)

select * from final
