-- The verification status of a record over time (metrics.md, Verification): from each day a check
-- was recorded until the next check. On a date D a record's status is the period covering D; no
-- period covering D means SELF_REPORTED. Several checks on one day: the highest verification_id wins.
with verifications as (
    select * from staging.stg_verifications
),

keep_one_outcome_per_day as (
    -- The highest verification_id of the day (a grouped aggregate: cheaper than ranking every check).
    select
        record_type_code,
        record_id,
        verified_date,
        max(verification_id) as verification_id,
        arg_max(outcome_code, verification_id) as outcome_code
    from verifications
    group by record_type_code, record_id, verified_date
),

final as (
    select
        record_type_code,
        record_id,
        verified_date as valid_from,
        lead(verified_date) over (
            partition by record_type_code, record_id order by verified_date
        ) as valid_to,
        outcome_code as verification_status_code,
        verification_id
    from keep_one_outcome_per_day
)

select * from final
