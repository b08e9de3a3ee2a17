-- When each member record counts in the published figures (metrics.md): while its verification
-- status is VERIFIED, and within the record's own dates. Periods are [counts_from_date,
-- counts_until_date): counts_until_date is the first day it no longer counts (null = still counts).
--   EDUCATION: from the award date; a CDA stops counting the day after it expires.
--   COURSEWORK, TRAINING: from the completion date.
--   CREDENTIAL: from the issue date to the day after expiry, while active on the date: ACTIVE, or
--     EXPIRED with an expiry date. The extract's status is the registry's status today, so an
--     EXPIRED certificate still counts on the dates before its expiry, when it was active: a
--     certificate that expired in 2026 counted in 2021, and a figure for 2021 must not change
--     because time passed. REVOKED credentials (no date) and EXPIRED ones without an expiry date
--     never count.
--   EMPLOYMENT: from the start date to the day after the end date.
with verification_periods as (
    select * from staging.stg_verification_periods where verification_status_code = 'VERIFIED'
),

education as (
    select * from staging.stg_education
),

coursework as (
    select * from staging.stg_coursework
),

credentials as (
    select * from staging.stg_credentials
),

training as (
    select * from staging.stg_training
),

employment as (
    select * from staging.stg_employment
),

record_dates as (
    select
        'EDUCATION' as record_type_code,
        education_id as record_id,
        person_id,
        awarded_date as starts_date,
        case when award_level_code = 'CDA' then expires_date + 1 end as ends_before_date
    from education
    union all
    select 'COURSEWORK', course_record_id, person_id, completed_date, null::date
    from coursework
    union all
    select 'CREDENTIAL', credential_id, person_id, issued_date, expires_date + 1
    from credentials
    where credential_status_code = 'ACTIVE'
        or (credential_status_code = 'EXPIRED' and expires_date is not null)
    union all
    select 'TRAINING', training_record_id, person_id, completed_date, null::date
    from training
    union all
    select 'EMPLOYMENT', employment_id, person_id, start_date, end_date + 1
    from employment
),

intersect_with_verified as (
    select
        r.record_type_code,
        r.record_id,
        r.person_id,
        greatest(r.starts_date, v.valid_from) as counts_from_date,
        case
            when r.ends_before_date is null then v.valid_to
            when v.valid_to is null then r.ends_before_date
            else least(r.ends_before_date, v.valid_to)
        end as counts_until_date,
        v.verification_id
    from record_dates r
    join verification_periods v
        on v.record_type_code = r.record_type_code
        and v.record_id = r.record_id
),

final as (
    select *
    from intersect_with_verified
    where person_id is not null
        and (counts_until_date is null or counts_until_date > counts_from_date)
)

select * from final
