// The curl-only walkthrough of `p100 sandbox`, shown by `p100 sandbox --help` and in the README (a test checks that
// the README's copy is this text, and runs it against a started sandbox). It follows the documented onboarding:
// Create User -> KYC (method B) -> Add User Verification -> balances; then money: a deposit and an exchange.

/** A complete flow in bash with curl alone: the emulated API plus the control calls under /_sandbox/. */
export const SANDBOX_WALKTHROUGH = `set -euo pipefail
URL=\${URL:-http://127.0.0.1:4010}; KEY=\${KEY:-sandbox-api-key}; U=walkthrough-user-1
api() { curl -sS --fail-with-body -H "x-api-key: $KEY" -H "content-type: application/json" "$@"; echo; }
field() { sed -n "s/.*\\"$1\\":\\"\\([^\\"]*\\)\\".*/\\1/p"; }   # one string field of a JSON answer

# 1. Create User (POST /v1/user/balances/crypto-and-fiat)
api -d '{"externalUserId":"'$U'","email":"jan.kowalski@example.pl","phone":"48601234567","firstName":"Jan","lastName":"Kowalski",
  "street":"ul. Marszalkowska","number":"123/5","city":"Warszawa","postCode":"00-001","country":"PL","citizenship":"PL",
  "nationality":"PL","birthCountry":"PL","birthDate":"1990-05-15","hasAcceptedP100Tc":true}' $URL/v1/user/balances/crypto-and-fiat

# 2. KYC method B (POST /v1/kyc); the user opens its page in a browser and clicks Approve (no API key needed)
VID=$(api -d '{"externalUserId":"'$U'","documentType":"ID_CARD","country":"PL","incomeSource":"SALARY",
  "openAccountReason":"INVESTMENTS_OR_CRYPTOCURRENCIE"}' $URL/v1/kyc | field verificationId)
echo "KYC page: $URL/v1/kyc/verification/$U/$VID"
#    ... or the control API makes the same decision (what the page's Approve button does):
api -d '["'$U'"]' $URL/_sandbox/simulate/kycApproved

# 3. Add User Verification (POST /v1/user/verification), the documented step once the user has finished KYC
api -d '{"externalUserId":"'$U'","documentType":"ID_CARD","documentNumber":"CEV12630"}' $URL/v1/user/verification

# 4. The user's balances (GET /v1/user/balances/{externalUserId})
api $URL/v1/user/balances/$U

# 5. Control: EUR 1000.00 arrive by SEPA from the user's own account
api -d '[{"externalUserId":"'$U'","amount":"1000.00","senderName":"Jan Kowalski"}]' $URL/_sandbox/simulate/sepaDeposit

# 6. Exchange EUR 450 to BTC: lock the rate (GET /v1/exchange/lock), then exchange with its lockId (POST /v1/exchange)
LOCK=$(api "$URL/v1/exchange/lock?externalUserId=$U&currencyFrom=eur&currencyTo=btc&amount=450" | field lockId)
api -d '{"externalUserId":"'$U'","amount":"450","currencyFrom":"eur","currencyTo":"btc","lockId":"'$LOCK'"}' $URL/v1/exchange

# 7. Control: 60 s of virtual time pass, every webhook is answered; then the ledger and the balances
api -d '[60000]' $URL/_sandbox/advance
api -X POST $URL/_sandbox/settle
api $URL/_sandbox/ledger
api $URL/v1/user/balances/$U`;
