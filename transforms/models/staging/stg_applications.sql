-- Current applications made through the registry portal, with the surviving account of the applicant.
with applications as (
    select * from raw.applications where _valid_to is null
),

people as (
    select * from staging.stg_people
),

final as (
    select
        a.application_id,
        a.registry_id,
        p.person_id,
        a.application_type as application_type_code,
        a.application_subtype as application_subtype_code,
        a.program_id,
        a.submitted_on as submitted_date,
        a.fiscal_year,
        a.institution as institution_name,
        a.requested_usd
    from applications a
    left join people p on p.registry_id = a.registry_id
)

select * from final
