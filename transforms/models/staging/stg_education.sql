-- Current degrees, certificates, diplomas and CDAs, with the surviving account of the member.
with education as (
    select * from raw.education where _valid_to is null
),

people as (
    select * from staging.stg_people
),

final as (
    select
        e.education_id,
        e.registry_id,
        p.person_id,
        e.award_level as award_level_code,
        e.field as field_code,
        e.ece_concentration as has_ece_concentration,
        e.institution as institution_name,
        e.regionally_accredited as is_regionally_accredited,
        e.awarded_on as awarded_date,
        e.expires_on as expires_date,
        e.reported_on as reported_date
    from education e
    left join people p on p.registry_id = e.registry_id
)

select * from final
