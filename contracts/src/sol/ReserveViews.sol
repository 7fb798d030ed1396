// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ReserveGovernance} from "./ReserveGovernance.sol";

/// @title What anyone can read of the reserve: its totals, every fund, custody, staleness, and quotes
/// @notice The views the proof-of-reserves page, the oracle and the custodian read at one block; they
/// change nothing. `Reserve` adds the flows (rates, deposits, redemptions) on top.
abstract contract ReserveViews is ReserveGovernance {
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
        bool issuancePaused;
        bytes32 staleFund; // a fund holding currency whose rate is stale (0: none)
    }

    function state() external view returns (State memory) {
        return State(
            token.totalSupply(), circulating, frozen, totalBuffers, backing, deficit, totalIssued,
            totalRedeemed, token.lotCount(), pegFund, tetPerPeg, issuancePaused, staleFund()
        );
    }

    function fundIds() external view returns (bytes32[] memory) {
        return _fundIds;
    }

    function fundOf(bytes32 fund) external view returns (Fund memory) {
        return _fund(fund);
    }

    /// @notice The peg value missing to back circulating TET; zero unless the reserve is in deficit.
    function shortfall() external view returns (uint256) {
        return deficit;
    }

    /// @notice What an ERC-20 fund's custody holds (≥ its `amount`; anyone can compare the two).
    function custodyOf(bytes32 fund) external view returns (uint256) {
        Fund storage f = _fund(fund);
        return f.token == address(0) ? 0 : IERC20(f.token).balanceOf(address(this));
    }

    /// @notice A fund that holds currency and whose rate is stale, or 0: while there is one, deposits
    /// and redemptions in every fund are refused.
    function staleFund() public view returns (bytes32) {
        for (uint256 i; i < _fundIds.length; ++i) {
            Fund storage f = _funds[_fundIds[i]];
            if (f.amount != 0 && _stale(_fundIds[i], f)) return _fundIds[i];
        }
        return bytes32(0);
    }

    /// @notice What a deposit of `amount` would issue now: TET to the buyer, TET to the fund's FX-risk
    /// buffer (the only cost of buying; zero for the peg fund), and their sum, the deposit's value.
    function quoteDeposit(bytes32 fund, uint256 amount)
        public
        view
        returns (uint256 minted, uint256 toBuffer, uint256 value)
    {
        Fund storage f = _fund(fund);
        value = amount * f.rate / 10 ** f.decimals;
        uint256 bps = fund == pegFund ? 0 : f.bufferBps;
        uint256 target = (f.value + value) * bps / BPS;
        toBuffer = f.buffer < target ? _min(value * bps / BPS, target - f.buffer) : 0;
        minted = value - toBuffer;
    }

    /// @notice What redeeming `tet` into `fund` would pay now (smallest units) and its peg value; a
    /// redemption pays no fee, only the deficit haircut when there is one.
    function quoteRedeem(bytes32 fund, uint256 tet) public view returns (uint256 payout, uint256 worth) {
        Fund storage f = _fund(fund);
        worth = deficit == 0 ? tet : tet * backing / circulating;
        payout = worth * 10 ** f.decimals / f.rate;
    }
}
