-- The verification status of a record over time (metrics.md, Verification): from each day a check
-- was recorded until the next check. On a date D a record's status is the period covering D; no
-- period covering D means SELF_REPORTED. Several checks on one day: the highest verification_id wins.
with verifications as (
    select * from staging.stg_verifications
),

rank_checks_within_day as (
    select
        *,
        row_number() over (
            partition by record_type_code, record_id, verified_date
            order by verification_id desc
        ) as rank_within_day
    from verifications
),

keep_one_outcome_per_day as (
    select * from rank_checks_within_day where rank_within_day = 1
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
