-- Current employment spells, with the surviving account of the member employed.
with employment as (
    select * from raw.employment where _valid_to is null
),

people as (
    select * from staging.stg_people
),

final as (
    select
        e.employment_id,
        e.registry_id,
        p.person_id,
        e.program_id,
        e.role as role_code,
        e.age_group_served as age_group_served_code,
        e.start_date,
        e.end_date,
        e.updated_at
    from employment e
    left join people p on p.registry_id = e.registry_id
)

select * from final
