-- The registry's career-ladder placements (append-only), with the surviving account of the member.
with placements as (
    select * from raw.career_ladder where _valid_to is null
),

people as (
    select * from staging.stg_people
),

final as (
    select
        c.registry_id,
        p.person_id,
        c.effective_on as effective_date,
        c.level as ladder_level,
        c.qsm_eligible_through as qsm_eligible_through_date
    from placements c
    left join people p on p.registry_id = c.registry_id
)

select * from final
