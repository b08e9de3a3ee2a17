-- Current credentials, designations, certifications and TA approvals, with the surviving account.
with credentials as (
    select * from raw.credentials where _valid_to is null
),

people as (
    select * from staging.stg_people
),

final as (
    select
        c.credential_id,
        c.registry_id,
        p.person_id,
        c.credential_type as credential_type_code,
        c.endorsement as endorsement_code,
        c.issued_on as issued_date,
        c.expires_on as expires_date,
        c.status as credential_status_code
    from credentials c
    left join people p on p.registry_id = c.registry_id
)

select * from final
