// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ReserveBase} from "./ReserveBase.sol";
import {ReserveViews} from "./ReserveViews.sol";
import {TETToken} from "./TETToken.sol";

/// @title The TET reserve: liquidity funds, issuance, redemption, buffer and frozen pools
/// @notice Every TET in circulation is backed by a currency liquidity fund, valued in the peg currency
/// (accounting in ReserveBase). A fiat fund's deposits are attested by the custodian board (M-of-N);
/// an ERC-20 fund's deposits are `transferFrom` into this contract and its redemptions transfers out,
/// so its backing is what this contract holds (`custodyOf`). Rates come from the rate oracle (median of
/// M-of-N quotes) and may move at most `maxMoveBps` per `movePeriod`. Deposits and redemptions stop
/// while any fund that holds currency has a stale rate; issuance stops in deficit or when paused.
contract Reserve is ReserveViews, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Constructor parameters: the oracle limits, the peg currency and its policy.
    struct Config {
        bytes32 pegFund;
        uint8 pegDecimals;
        uint256 pegMintCap;
        uint16 pegBufferBps; // applies only after the peg moves elsewhere
        uint256 maxRateAge;
        uint256 maxMoveBps;
        uint256 movePeriod;
        uint256 capPeriod;
    }

    error CustodyShort(bytes32 fund, uint256 held, uint256 amount);

    constructor(
        TETToken token_,
        address governance_,
        address custodian_,
        address oracle_,
        address guardian_,
        Config memory c
    ) ReserveBase(token_, governance_, custodian_, oracle_, guardian_) {
        _setParameters(c.maxRateAge, c.maxMoveBps, c.movePeriod, c.capPeriod);
        // The peg's own rate is fixed while it is the peg; wide bounds let it float after a peg switch.
        _list(c.pegFund, c.pegDecimals, ONE, 1, 1e36, address(0));
        _setPolicy(c.pegFund, _funds[c.pegFund], c.pegBufferBps, c.pegMintCap);
        pegFund = c.pegFund;
    }

    // ----------------------------------------------------------------- oracle

    /// @notice Posts a rate: `quote` peg-currency units per whole fund unit, 1e18-scaled, as observed at
    /// `observedAt`. Refused when older than the last one or than `maxRateAge`, outside the fund's bounds,
    /// or moving more than maxMoveBps × (time since the last observation, at most movePeriod) / movePeriod.
    function setRate(bytes32 fund, uint256 quote, uint64 observedAt) external only(oracle) {
        Fund storage f = _fund(fund);
        if (fund == pegFund) revert IsPegFund(fund);
        if (observedAt < f.rateUpdatedAt || observedAt > block.timestamp) revert RateNotNewer(fund, observedAt);
        if (block.timestamp - observedAt > maxRateAge) revert StaleRate(fund, observedAt);
        uint256 rate = quote * tetPerPeg / ONE;
        if (rate < f.minRate || rate > f.maxRate) revert RateOutOfBounds(fund, rate);
        uint256 elapsed = _min(observedAt - f.rateUpdatedAt, movePeriod);
        uint256 step = f.rate * maxMoveBps * elapsed / (BPS * movePeriod);
        if (rate + step < f.rate || rate > f.rate + step) revert RateMoveTooFast(fund, rate, step);
        f.rate = rate;
        f.rateUpdatedAt = observedAt;
        emit RateUpdated(fund, quote, rate, observedAt);
        _revalue(fund, f);
        _checkInvariants();
    }

    // ----------------------------------------------------------------- issuance

    /// @notice The custodian board attests (M-of-N) that fiat `fund` received `amount` (smallest units)
    /// from `buyer`; TET is issued at the current rate, rounded down, at least `minOut` of it.
    function deposit(bytes32 fund, uint256 amount, address buyer, bytes32 attestation, uint256 minOut)
        external
        only(custodian)
        nonReentrant
        returns (uint64 lotId, uint256 minted)
    {
        Fund storage f = _fund(fund);
        if (f.token != address(0)) revert WrongFundKind(fund);
        _useAttestation(attestation);
        (lotId, minted) = _issue(fund, f, amount, buyer, attestation, minOut);
    }

    /// @notice Buys TET with an ERC-20 fund's token: `amount` is pulled from the caller into custody
    /// (what arrives counts) and at least `minOut` TET is issued to `buyer`.
    function depositToken(bytes32 fund, uint256 amount, address buyer, uint256 minOut)
        external
        nonReentrant
        returns (uint64 lotId, uint256 minted)
    {
        Fund storage f = _fund(fund);
        if (f.token == address(0)) revert WrongFundKind(fund);
        IERC20 erc20 = IERC20(f.token);
        uint256 before = erc20.balanceOf(address(this));
        erc20.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = erc20.balanceOf(address(this)) - before;
        (lotId, minted) = _issue(fund, f, received, buyer, bytes32(0), minOut);
        _checkCustody(fund, f);
    }

    /// @notice The custodian board attests a top-up of a fiat fund that issues nothing; it first clears
    /// the deficit, the rest goes to the fund's buffer.
    function recapitalize(bytes32 fund, uint256 amount, bytes32 attestation) external only(custodian) nonReentrant {
        Fund storage f = _fund(fund);
        if (f.token != address(0)) revert WrongFundKind(fund);
        if (amount == 0) revert ZeroAmount();
        if (_stale(fund, f)) revert StaleRate(fund, f.rateUpdatedAt);
        _useAttestation(attestation);
        f.amount += amount;
        emit Recapitalized(fund, attestation, amount);
        _revalue(fund, f);
        _checkInvariants();
    }

    // ----------------------------------------------------------------- redemption

    /// @notice Burns the caller's `tet` (oldest lots first) and pays `to` out of `fund`, at least
    /// `minPayout` smallest units: a token transfer for an ERC-20 fund, a payout instruction to the
    /// custodians for a fiat one. At par, rounded down, up to the fund's value minus its buffer; in deficit
    /// every holder gets the same haircut (backing / circulating), which shrinks the deficit in proportion.
    function redeem(bytes32 fund, uint256 tet, uint256 minPayout, address to, bytes32 payoutRef)
        external
        nonReentrant
        returns (uint256 payout)
    {
        token.burn(msg.sender, tet);
        payout = _payOut(fund, tet, minPayout, to, payoutRef);
    }

    /// @notice Same as `redeem`, burning exactly the named pieces of the caller's lots.
    function redeemLots(
        bytes32 fund,
        uint64[] calldata ids,
        uint256[] calldata amounts,
        uint256 minPayout,
        address to,
        bytes32 payoutRef
    ) external nonReentrant returns (uint256 payout) {
        payout = _payOut(fund, token.burnLots(msg.sender, ids, amounts), minPayout, to, payoutRef);
    }

    // ----------------------------------------------------------------- internals

    function _issue(bytes32 fund, Fund storage f, uint256 amount, address buyer, bytes32 ref, uint256 minOut)
        private
        returns (uint64 lotId, uint256 minted)
    {
        if (buyer == address(0)) revert ZeroAddress();
        if (issuancePaused) revert Paused();
        if (deficit != 0) revert IssuanceHalted(deficit);
        if (_stale(fund, f)) revert StaleRate(fund, f.rateUpdatedAt);
        _requireAllFresh();
        uint256 v;
        uint256 toBuffer;
        (minted, toBuffer, v) = quoteDeposit(fund, amount);
        if (minted == 0) revert DepositTooSmall();
        if (minted < minOut) revert BelowMinimum(minted, minOut);
        _useMintCap(fund, f, minted);
        f.amount += amount;
        f.value += v;
        backing += v;
        f.issued += minted;
        circulating += minted;
        totalIssued += minted;
        lotId = token.mintLot(buyer, fund, f.rate, minted);
        if (toBuffer != 0) _fillBuffer(fund, f, toBuffer);
        emit Deposited(fund, ref, amount, buyer, lotId, minted, toBuffer);
        _revalue(fund, f);
        _checkInvariants();
    }

    function _payOut(bytes32 fund, uint256 tet, uint256 minPayout, address to, bytes32 payoutRef)
        private
        returns (uint256 payout)
    {
        Fund storage f = _fund(fund);
        if (tet == 0) revert ZeroAmount();
        if (to == address(0)) revert ZeroAddress();
        if (_stale(fund, f)) revert StaleRate(fund, f.rateUpdatedAt);
        _requireAllFresh();
        uint256 worth;
        (payout, worth) = quoteRedeem(fund, tet);
        uint256 available = f.value - f.buffer;
        if (worth > available) revert InsufficientFundLiquidity(fund, available);
        if (payout == 0) revert RedemptionTooSmall();
        if (payout < minPayout) revert BelowMinimum(payout, minPayout);
        circulating -= tet;
        totalRedeemed += tet;
        f.amount -= payout;
        f.value -= worth;
        backing -= worth;
        if (tet != worth) _setDeficit(deficit - (tet - worth));
        emit PayoutInstruction(++redemptionCount, msg.sender, fund, payout, tet, to, payoutRef);
        _revalue(fund, f);
        _checkInvariants();
        if (f.token != address(0)) {
            IERC20(f.token).safeTransfer(to, payout);
            _checkCustody(fund, f);
        }
    }

    function _useAttestation(bytes32 attestation) private {
        if (attestationUsed[attestation]) revert AttestationReused(attestation);
        attestationUsed[attestation] = true;
    }

    /// @dev At most `mintCap` TET per window of `capPeriod` seconds (windows are aligned to multiples of
    /// capPeriod, so any span of capPeriod sees at most twice the cap).
    function _useMintCap(bytes32 fund, Fund storage f, uint256 minted) private {
        uint64 window = uint64(block.timestamp / capPeriod);
        if (f.capWindow != window) {
            f.capWindow = window;
            f.mintedInWindow = 0;
        }
        uint256 used = f.mintedInWindow + minted;
        if (used > f.mintCap) {
            revert MintCapExceeded(fund, f.mintCap > f.mintedInWindow ? f.mintCap - f.mintedInWindow : 0);
        }
        f.mintedInWindow = used;
    }

    function _checkCustody(bytes32 fund, Fund storage f) private view {
        uint256 held = IERC20(f.token).balanceOf(address(this));
        if (held < f.amount) revert CustodyShort(fund, held, f.amount);
    }
}
