// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {TETToken} from "./TETToken.sol";

/// @title The TET reserve: liquidity funds, issuance, redemption, buffer and frozen pools
/// @notice Every TET in circulation is backed by a currency liquidity fund, valued in the peg currency.
/// Amounts called "value" are TET wei (1 TET = 1e18), i.e. peg value expressed in TET.
/// Accounting identity, checked after every state change:
///   totalSupply = circulating + frozen + Σ buffers                       (tokens)
///   circulating + Σ buffers = Σ fund values + deficit                    (peg value)
///   deficit > 0 only when every buffer is empty; while deficit = 0, circulating ≤ Σ fund values.
/// Rounding: every conversion rounds down, in the reserve's favour; the dust lands in the fund's buffer.
contract Reserve is AccessControl {
    bytes32 public constant GOVERNANCE_ROLE = keccak256("GOVERNANCE_ROLE");
    bytes32 public constant ORACLE_ROLE = keccak256("ORACLE_ROLE");
    bytes32 public constant CUSTODIAN_ROLE = keccak256("CUSTODIAN_ROLE");
    uint256 public constant ONE = 1e18;
    uint256 public constant BPS = 10_000;
    uint256 public constant MAX_FUNDS = 16;

    struct Fund {
        bool listed;
        uint8 decimals; // of the fund currency's smallest unit (RUB: 2, USDC: 6)
        uint64 rateUpdatedAt; // when the oracle observed the rate
        uint256 amount; // currency held, in smallest units
        uint256 rate; // TET wei per whole currency unit (peg quote × tetPerPeg / 1e18)
        uint256 minRate; // bounds on `rate`, set by governance
        uint256 maxRate;
        uint256 value; // amount × rate / 10^decimals, rounded down (TET wei)
        uint256 buffer; // TET in this fund's buffer pool (backed, not circulating)
        uint256 issued; // TET issued in lots against this fund, cumulative
    }

    struct State {
        uint256 totalSupply;
        uint256 circulating;
        uint256 frozen;
        uint256 buffers;
        uint256 backing;
        uint256 deficit;
        uint256 issued;
        uint256 redeemed;
        uint256 lotCount;
        bytes32 pegFund;
        uint256 tetPerPeg;
    }

    TETToken public immutable token;
    bytes32 public pegFund;
    uint256 public tetPerPeg = ONE; // TET wei per whole unit of the peg currency
    uint256 public bufferBps; // minimum buffer ratio kept at deposit time
    uint256 public maxRateAge; // seconds
    uint256 public maxRateStepBps; // largest move of one oracle update

    uint256 public circulating;
    uint256 public frozen;
    uint256 public totalBuffers;
    uint256 public backing; // Σ fund values
    uint256 public deficit;
    uint256 public totalIssued;
    uint256 public totalRedeemed;
    uint256 public redemptionCount;

    bytes32[] private _fundIds;
    mapping(bytes32 => Fund) private _funds;
    mapping(bytes32 => bool) public attestationUsed;

    event FundListed(bytes32 indexed fund, uint8 decimals, uint256 rate);
    event FundDelisted(bytes32 indexed fund);
    event RateUpdated(bytes32 indexed fund, uint256 quote, uint256 rate, uint64 observedAt);
    event Deposited(bytes32 indexed fund, bytes32 indexed attestation, uint256 amount, address buyer, uint64 lotId, uint256 minted, uint256 toBuffer);
    event Recapitalized(bytes32 indexed fund, bytes32 indexed attestation, uint256 amount);
    event PayoutInstruction(uint256 indexed redemptionId, address indexed holder, bytes32 indexed fund, uint256 payout, uint256 burned, bytes32 payoutRef);
    event BufferFilled(bytes32 indexed fund, uint256 amount, uint256 fromFrozen, uint256 minted);
    event BufferFrozen(bytes32 indexed fund, bytes32 indexed coveredFund, uint256 amount);
    event DeficitChanged(uint256 deficit);
    event PegSwitched(bytes32 indexed from, bytes32 indexed to, uint256 tetPerPeg);
    event ParametersChanged(uint256 bufferBps, uint256 maxRateAge, uint256 maxRateStepBps);

    error UnknownFund(bytes32 fund);
    error FundAlreadyListed(bytes32 fund);
    error TooManyFunds();
    error FundNotEmpty(bytes32 fund);
    error IsPegFund(bytes32 fund);
    error ZeroAmount();
    error ZeroAddress();
    error StaleRate(bytes32 fund, uint64 observedAt);
    error RateNotNewer(bytes32 fund, uint64 observedAt);
    error RateOutOfBounds(bytes32 fund, uint256 rate);
    error BadParameter();
    error IssuanceHalted(uint256 shortfall);
    error AttestationReused(bytes32 attestation);
    error DepositTooSmall();
    error RedemptionTooSmall();
    error InsufficientFundLiquidity(bytes32 fund, uint256 available);
    error InvariantViolated(uint8 which);

    constructor(
        TETToken token_,
        address admin,
        bytes32 pegFund_,
        uint8 pegDecimals,
        uint256 bufferBps_,
        uint256 maxRateAge_,
        uint256 maxRateStepBps_
    ) {
        if (address(token_) == address(0) || admin == address(0)) revert ZeroAddress();
        token = token_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(GOVERNANCE_ROLE, admin);
        _setParameters(bufferBps_, maxRateAge_, maxRateStepBps_);
        // The peg's own rate is fixed while it is the peg; wide bounds let it float after a peg switch.
        _list(pegFund_, pegDecimals, ONE, 1, 1e36);
        pegFund = pegFund_;
    }

    // ----------------------------------------------------------------- governance

    /// @notice Lists a currency (an ISO 4217 code or a token address as bytes32) with its first rate.
    function listFund(bytes32 fund, uint8 decimals, uint256 quote, uint256 minRate, uint256 maxRate)
        external
        onlyRole(GOVERNANCE_ROLE)
    {
        _list(fund, decimals, quote * tetPerPeg / ONE, minRate, maxRate);
    }

    /// @notice Delists an empty, non-peg fund.
    function delistFund(bytes32 fund) external onlyRole(GOVERNANCE_ROLE) {
        Fund storage f = _fund(fund);
        if (fund == pegFund) revert IsPegFund(fund);
        if (f.amount != 0 || f.value != 0 || f.buffer != 0) revert FundNotEmpty(fund);
        delete _funds[fund];
        uint256 n = _fundIds.length;
        for (uint256 i; i < n; ++i) {
            if (_fundIds[i] == fund) {
                _fundIds[i] = _fundIds[n - 1];
                _fundIds.pop();
                break;
            }
        }
        emit FundDelisted(fund);
    }

    /// @notice Switches the peg to another listed currency at its current rate, so that every balance keeps
    /// its value: from now on 1 TET = (1e18 / tetPerPeg) units of the new peg currency. No rate and
    /// no fund value changes, so circulating value, backing and the pools are untouched.
    function setPeg(bytes32 fund) external onlyRole(GOVERNANCE_ROLE) {
        Fund storage f = _fund(fund);
        if (fund == pegFund) revert IsPegFund(fund);
        _requireFresh(fund, f);
        emit PegSwitched(pegFund, fund, f.rate);
        _funds[pegFund].rateUpdatedAt = uint64(block.timestamp); // exact until this instant
        pegFund = fund;
        tetPerPeg = f.rate;
        f.rateUpdatedAt = uint64(block.timestamp);
        _checkInvariants();
    }

    function setParameters(uint256 bufferBps_, uint256 maxRateAge_, uint256 maxRateStepBps_)
        external
        onlyRole(GOVERNANCE_ROLE)
    {
        _setParameters(bufferBps_, maxRateAge_, maxRateStepBps_);
    }

    function setRateBounds(bytes32 fund, uint256 minRate, uint256 maxRate) external onlyRole(GOVERNANCE_ROLE) {
        Fund storage f = _fund(fund);
        if (minRate == 0 || minRate > maxRate) revert BadParameter();
        f.minRate = minRate;
        f.maxRate = maxRate;
    }

    // ----------------------------------------------------------------- oracle

    /// @notice Posts a rate: `quote` peg-currency units per whole fund unit, 1e18-scaled, as observed at
    /// `observedAt`. Refused when older than the last one (same second is fine) or than `maxRateAge`, outside the fund's
    /// bounds, or moving more than `maxRateStepBps` at once. The move is then applied to the pools.
    function setRate(bytes32 fund, uint256 quote, uint64 observedAt) external onlyRole(ORACLE_ROLE) {
        Fund storage f = _fund(fund);
        if (fund == pegFund) revert IsPegFund(fund);
        if (observedAt < f.rateUpdatedAt || observedAt > block.timestamp) revert RateNotNewer(fund, observedAt);
        if (block.timestamp - observedAt > maxRateAge) revert StaleRate(fund, observedAt);
        uint256 rate = quote * tetPerPeg / ONE;
        uint256 step = f.rate * maxRateStepBps / BPS;
        if (rate < f.minRate || rate > f.maxRate || rate + step < f.rate || rate > f.rate + step) {
            revert RateOutOfBounds(fund, rate);
        }
        f.rate = rate;
        f.rateUpdatedAt = observedAt;
        emit RateUpdated(fund, quote, rate, observedAt);
        _revalue(fund, f);
        _checkInvariants();
    }

    // ----------------------------------------------------------------- custodian and holders

    /// @notice The custodian attests that `fund` received `amount` (smallest units) from `buyer`; TET is
    /// issued at the current rate, rounded down. While the fund's buffer is below `bufferBps` of its
    /// value, up to `bufferBps` of the deposit goes to the buffer instead of the buyer.
    function deposit(bytes32 fund, uint256 amount, address buyer, bytes32 attestation)
        external
        onlyRole(CUSTODIAN_ROLE)
        returns (uint64 lotId)
    {
        Fund storage f = _fund(fund);
        if (buyer == address(0)) revert ZeroAddress();
        if (deficit != 0) revert IssuanceHalted(deficit);
        _useAttestation(attestation);
        _requireFresh(fund, f);
        uint256 v = amount * f.rate / 10 ** f.decimals;
        uint256 target = (f.value + v) * bufferBps / BPS;
        uint256 toBuffer = f.buffer < target ? _min(v * bufferBps / BPS, target - f.buffer) : 0;
        uint256 minted = v - toBuffer;
        if (minted == 0) revert DepositTooSmall();
        f.amount += amount;
        f.value += v;
        backing += v;
        f.issued += minted;
        circulating += minted;
        totalIssued += minted;
        lotId = token.mintLot(buyer, fund, f.rate, minted);
        if (toBuffer != 0) _fillBuffer(fund, f, toBuffer);
        emit Deposited(fund, attestation, amount, buyer, lotId, minted, toBuffer);
        _revalue(fund, f);
        _checkInvariants();
    }

    /// @notice The custodian attests that `fund` received `amount` with no TET issued for it: it first
    /// clears the deficit, the rest goes to the fund's buffer.
    function recapitalize(bytes32 fund, uint256 amount, bytes32 attestation) external onlyRole(CUSTODIAN_ROLE) {
        Fund storage f = _fund(fund);
        if (amount == 0) revert ZeroAmount();
        _useAttestation(attestation);
        _requireFresh(fund, f);
        f.amount += amount;
        emit Recapitalized(fund, attestation, amount);
        _revalue(fund, f);
        _checkInvariants();
    }

    /// @notice Burns the caller's `tet` (oldest lots first) and instructs the custodian to pay out of
    /// `fund`. At par, rounded down, up to the fund's value minus its buffer; in deficit, every holder gets
    /// the same haircut (backing / circulating), which shrinks the deficit in proportion.
    function redeem(bytes32 fund, uint256 tet, bytes32 payoutRef) external returns (uint256 payout) {
        token.burn(msg.sender, tet);
        payout = _payOut(fund, tet, payoutRef);
    }

    /// @notice Same as `redeem`, burning exactly the named pieces of the caller's lots.
    function redeemLots(bytes32 fund, uint64[] calldata ids, uint256[] calldata amounts, bytes32 payoutRef)
        external
        returns (uint256 payout)
    {
        payout = _payOut(fund, token.burnLots(msg.sender, ids, amounts), payoutRef);
    }

    function _payOut(bytes32 fund, uint256 tet, bytes32 payoutRef) private returns (uint256 payout) {
        Fund storage f = _fund(fund);
        if (tet == 0) revert ZeroAmount();
        _requireFresh(fund, f);
        uint256 worth = deficit == 0 ? tet : tet * backing / circulating;
        uint256 available = f.value - f.buffer;
        if (worth > available) revert InsufficientFundLiquidity(fund, available);
        payout = worth * 10 ** f.decimals / f.rate;
        if (payout == 0) revert RedemptionTooSmall();
        circulating -= tet;
        totalRedeemed += tet;
        f.amount -= payout;
        f.value -= worth;
        backing -= worth;
        if (tet != worth) _setDeficit(deficit - (tet - worth));
        emit PayoutInstruction(++redemptionCount, msg.sender, fund, payout, tet, payoutRef);
        _revalue(fund, f);
        _checkInvariants();
    }

    // ----------------------------------------------------------------- views

    function state() external view returns (State memory s) {
        s = State(
            token.totalSupply(), circulating, frozen, totalBuffers, backing, deficit,
            totalIssued, totalRedeemed, token.lotCount(), pegFund, tetPerPeg
        );
    }

    function fundIds() external view returns (bytes32[] memory) {
        return _fundIds;
    }

    function fundOf(bytes32 fund) external view returns (Fund memory) {
        return _fund(fund);
    }

    function bufferOf(bytes32 fund) external view returns (uint256) {
        return _fund(fund).buffer;
    }

    /// @notice The peg value missing to back circulating TET; zero unless the reserve is in deficit.
    function shortfall() external view returns (uint256) {
        return deficit;
    }

    // ----------------------------------------------------------------- internals

    function _list(bytes32 fund, uint8 decimals, uint256 rate, uint256 minRate, uint256 maxRate) private {
        if (_funds[fund].listed) revert FundAlreadyListed(fund);
        if (_fundIds.length >= MAX_FUNDS) revert TooManyFunds();
        if (fund == bytes32(0) || decimals > 36 || minRate == 0 || minRate > maxRate) revert BadParameter();
        if (rate < minRate || rate > maxRate) revert RateOutOfBounds(fund, rate);
        Fund storage f = _funds[fund];
        f.listed = true;
        f.decimals = decimals;
        f.rate = rate;
        f.minRate = minRate;
        f.maxRate = maxRate;
        f.rateUpdatedAt = uint64(block.timestamp);
        _fundIds.push(fund);
        emit FundListed(fund, decimals, rate);
    }

    function _setParameters(uint256 bufferBps_, uint256 maxRateAge_, uint256 maxRateStepBps_) private {
        if (bufferBps_ > BPS / 2 || maxRateAge_ == 0 || maxRateStepBps_ == 0 || maxRateStepBps_ >= BPS) {
            revert BadParameter();
        }
        bufferBps = bufferBps_;
        maxRateAge = maxRateAge_;
        maxRateStepBps = maxRateStepBps_;
        emit ParametersChanged(bufferBps_, maxRateAge_, maxRateStepBps_);
    }

    function _fund(bytes32 fund) private view returns (Fund storage f) {
        f = _funds[fund];
        if (!f.listed) revert UnknownFund(fund);
    }

    function _requireFresh(bytes32 fund, Fund storage f) private view {
        if (fund != pegFund && block.timestamp - f.rateUpdatedAt > maxRateAge) revert StaleRate(fund, f.rateUpdatedAt);
    }

    function _useAttestation(bytes32 attestation) private {
        if (attestationUsed[attestation]) revert AttestationReused(attestation);
        attestationUsed[attestation] = true;
    }

    /// @dev Brings the fund's value to amount × rate and moves the difference between the pools.
    function _revalue(bytes32 fund, Fund storage f) private {
        uint256 v = f.amount * f.rate / 10 ** f.decimals;
        uint256 old = f.value;
        if (v == old) return;
        f.value = v;
        if (v > old) {
            uint256 gain = v - old;
            backing += gain;
            uint256 cleared = _min(deficit, gain);
            if (cleared != 0) _setDeficit(deficit - cleared);
            if (gain > cleared) _fillBuffer(fund, f, gain - cleared);
        } else {
            uint256 loss = old - v;
            backing -= loss;
            loss -= _freeze(fund, f, fund, loss);
            for (uint256 i; loss != 0 && i < _fundIds.length; ++i) {
                bytes32 other = _fundIds[i];
                if (other != fund) loss -= _freeze(other, _funds[other], fund, loss);
            }
            if (loss != 0) _setDeficit(deficit + loss);
        }
    }

    /// @dev Frozen pool → buffer of `fund`; the frozen pool is minted on demand when it runs dry.
    function _fillBuffer(bytes32 fund, Fund storage f, uint256 amount) private {
        uint256 fromFrozen = _min(frozen, amount);
        frozen -= fromFrozen;
        uint256 minted = amount - fromFrozen;
        if (minted != 0) token.mintPool(minted);
        f.buffer += amount;
        totalBuffers += amount;
        emit BufferFilled(fund, amount, fromFrozen, minted);
    }

    /// @dev Buffer of `fund` → frozen pool, up to `want`, to cover a fall of `covered`. Returns the amount.
    function _freeze(bytes32 fund, Fund storage f, bytes32 covered, uint256 want) private returns (uint256 moved) {
        moved = _min(f.buffer, want);
        if (moved == 0) return 0;
        f.buffer -= moved;
        totalBuffers -= moved;
        frozen += moved;
        emit BufferFrozen(fund, covered, moved);
    }

    function _setDeficit(uint256 d) private {
        deficit = d;
        emit DeficitChanged(d);
    }

    /// @dev The accounting identities; a failure here is a bug, and the whole transaction reverts.
    function _checkInvariants() private view {
        uint256 pools = frozen + totalBuffers;
        if (token.totalSupply() != circulating + pools) revert InvariantViolated(1);
        if (token.balanceOf(address(this)) != pools) revert InvariantViolated(2);
        if (circulating + totalBuffers != backing + deficit) revert InvariantViolated(3);
        if (deficit != 0 && totalBuffers != 0) revert InvariantViolated(4);
        if (deficit == 0 && circulating > backing) revert InvariantViolated(5);
        if (circulating != totalIssued - totalRedeemed) revert InvariantViolated(6);
        if (token.totalSerials() != totalIssued) revert InvariantViolated(7);
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }
}
