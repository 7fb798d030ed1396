// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReserveBase} from "./ReserveBase.sol";

/// @title What governance (the timelock) and the guardian may do to the reserve
/// @notice Governance lists and delists currencies, sets each fund's FX-risk buffer and mint cap, the
/// oracle limits, switches the peg and names the guardian. It cannot mint, post rates or change who
/// attests deposits or signs rates: those sets live in the custodian board and the rate oracle and
/// change only after their longer delay. The guardian can pause issuance, never redemption.
abstract contract ReserveGovernance is ReserveBase {
    using SafeERC20 for IERC20;

    uint256 public constant MAX_BUFFER_BPS = 5_000;

    /// @notice How a fund is listed: its currency's decimals, first quote (peg units per whole unit,
    /// 1e18-scaled), rate bounds, ERC-20 held in custody (0 for an attested fiat currency), FX-risk
    /// buffer (basis points of each deposit, while the buffer is below that share of the fund) and the
    /// TET that deposits may issue per cap window.
    struct Listing {
        uint8 decimals;
        uint256 quote;
        uint256 minRate;
        uint256 maxRate;
        address token;
        uint16 bufferBps;
        uint256 mintCap;
    }

    /// @notice Lists a currency: an ISO 4217 code as bytes32, or an ERC-20 (fund id = its address
    /// right-aligned, the token held by this contract).
    function listFund(bytes32 fund, Listing calldata l) external only(governance) {
        if (l.token != address(0) && fund != bytes32(uint256(uint160(l.token)))) revert WrongFundKind(fund);
        _list(fund, l.decimals, l.quote * tetPerPeg / ONE, l.minRate, l.maxRate, l.token);
        _setPolicy(fund, _funds[fund], l.bufferBps, l.mintCap);
    }

    /// @notice Delists a non-peg fund that backs no circulating TET (its value is all buffer, e.g. once
    /// holders redeemed the rest): the buffer is released (burnt from the pools) and everything the fund
    /// still holds is paid out to `to`, as a token transfer or a payout instruction.
    function delistFund(bytes32 fund, address to, bytes32 payoutRef) external only(governance) {
        Fund storage f = _fund(fund);
        if (fund == pegFund) revert IsPegFund(fund);
        if (f.value != f.buffer) revert FundNotEmpty(fund);
        if (to == address(0)) revert ZeroAddress();
        (uint256 amount, uint256 released, address erc20) = (f.amount, f.buffer, f.token);
        totalBuffers -= released;
        backing -= f.value;
        if (released != 0) token.burnPool(released);
        delete _funds[fund];
        uint256 n = _fundIds.length;
        for (uint256 i; i < n; ++i) {
            if (_fundIds[i] == fund) {
                _fundIds[i] = _fundIds[n - 1];
                _fundIds.pop();
                break;
            }
        }
        emit FundDelisted(fund, amount, released);
        if (amount != 0) {
            emit PayoutInstruction(++redemptionCount, address(this), fund, amount, 0, to, payoutRef);
            if (erc20 != address(0)) IERC20(erc20).safeTransfer(to, amount);
        }
        _checkInvariants();
    }

    /// @notice Moves buffer from one fund to another (both keep buffer ≤ value), e.g. to let holders
    /// redeem all of a fund that is being wound down.
    function moveBuffer(bytes32 from, bytes32 to, uint256 amount) external only(governance) {
        Fund storage a = _fund(from);
        Fund storage b = _fund(to);
        if (amount > a.buffer || b.buffer + amount > b.value) revert BadParameter();
        a.buffer -= amount;
        b.buffer += amount;
        emit BufferMoved(from, to, amount);
        _checkInvariants();
    }

    /// @notice Switches the peg to another listed currency at its current rate, so that every balance keeps
    /// its value: from now on 1 TET = (1e18 / tetPerPeg) units of the new peg currency. No rate and
    /// no fund value changes, so circulating value, backing and the pools are untouched.
    function setPeg(bytes32 fund) external only(governance) {
        Fund storage f = _fund(fund);
        if (fund == pegFund) revert IsPegFund(fund);
        if (_stale(fund, f)) revert StaleRate(fund, f.rateUpdatedAt);
        emit PegSwitched(pegFund, fund, f.rate);
        _funds[pegFund].rateUpdatedAt = uint64(block.timestamp); // exact until this instant
        pegFund = fund;
        tetPerPeg = f.rate;
        f.rateUpdatedAt = uint64(block.timestamp);
        _checkInvariants();
    }

    function setParameters(uint256 maxRateAge_, uint256 maxMoveBps_, uint256 movePeriod_, uint256 capPeriod_)
        external
        only(governance)
    {
        _setParameters(maxRateAge_, maxMoveBps_, movePeriod_, capPeriod_);
    }

    function setRateBounds(bytes32 fund, uint256 minRate, uint256 maxRate) external only(governance) {
        Fund storage f = _fund(fund);
        if (minRate == 0 || minRate > maxRate) revert BadParameter();
        f.minRate = minRate;
        f.maxRate = maxRate;
    }

    function setFundPolicy(bytes32 fund, uint16 bufferBps, uint256 mintCap) external only(governance) {
        _setPolicy(fund, _fund(fund), bufferBps, mintCap);
    }

    function setGuardian(address guardian_) external only(governance) {
        guardian = guardian_;
        emit GuardianChanged(guardian_);
    }

    /// @notice The guardian (or governance) stops or restarts issuance: deposits of every kind.
    /// Redemptions at the current backing never stop for this.
    function setIssuancePaused(bool paused) external {
        if (msg.sender != guardian && msg.sender != governance) revert Unauthorized(msg.sender);
        issuancePaused = paused;
        emit IssuancePaused(paused, msg.sender);
    }

    function _list(bytes32 fund, uint8 decimals, uint256 rate, uint256 minRate, uint256 maxRate, address erc20)
        internal
    {
        if (_funds[fund].listed) revert FundAlreadyListed(fund);
        if (_fundIds.length >= MAX_FUNDS) revert TooManyFunds();
        if (fund == bytes32(0) || decimals > 36 || minRate == 0 || minRate > maxRate) revert BadParameter();
        if (rate < minRate || rate > maxRate) revert RateOutOfBounds(fund, rate);
        if (erc20 != address(0) && erc20.code.length == 0) revert WrongFundKind(fund);
        Fund storage f = _funds[fund];
        f.listed = true;
        f.decimals = decimals;
        f.rate = rate;
        f.minRate = minRate;
        f.maxRate = maxRate;
        f.token = erc20;
        f.rateUpdatedAt = uint64(block.timestamp);
        _fundIds.push(fund);
        emit FundListed(fund, decimals, rate, erc20);
    }

    function _setPolicy(bytes32 fund, Fund storage f, uint16 bufferBps, uint256 mintCap) internal {
        if (bufferBps > MAX_BUFFER_BPS) revert BadParameter();
        f.bufferBps = bufferBps;
        f.mintCap = mintCap;
        emit FundPolicyChanged(fund, bufferBps, mintCap);
    }

    function _setParameters(uint256 maxRateAge_, uint256 maxMoveBps_, uint256 movePeriod_, uint256 capPeriod_)
        internal
    {
        if (maxRateAge_ == 0 || maxMoveBps_ == 0 || maxMoveBps_ >= BPS || movePeriod_ == 0 || capPeriod_ == 0) {
            revert BadParameter();
        }
        maxRateAge = maxRateAge_;
        maxMoveBps = maxMoveBps_;
        movePeriod = movePeriod_;
        capPeriod = capPeriod_;
        emit ParametersChanged(maxRateAge_, maxMoveBps_, movePeriod_, capPeriod_);
    }
}
