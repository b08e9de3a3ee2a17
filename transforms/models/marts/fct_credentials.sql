-- Credentials, designations, certifications and TA approvals with their verification status as of
-- the latest extract.
with credentials as (
    select * from staging.stg_credentials where person_id is not null
),

verification_periods as (
    select * from staging.stg_verification_periods where record_type_code = 'CREDENTIAL'
),

summarise_verification as (
    select
        record_id as credential_id,
        max_by(verification_status_code, valid_from) as verification_status_code,
        min(valid_from) filter (where verification_status_code = 'VERIFIED') as first_verified_date
    from verification_periods
    group by record_id
),

final as (
    select
        c.credential_id,
        c.person_id,
        c.registry_id,
        c.credential_type_code,
        c.endorsement_code,
        c.issued_date,
        c.expires_date,
        c.credential_status_code,
        coalesce(v.verification_status_code, 'SELF_REPORTED') as verification_status_code,
        coalesce(v.verification_status_code = 'VERIFIED', false) as is_verified,
        v.first_verified_date
    from credentials c
    left join summarise_verification v using (credential_id)
)

select * from final
