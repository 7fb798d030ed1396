// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {CustodianBoard} from "../src/sol/CustodianBoard.sol";
import {PaymentRouter} from "../src/sol/PaymentRouter.sol";
import {RateOracle} from "../src/sol/RateOracle.sol";
import {Reserve} from "../src/sol/Reserve.sol";
import {System} from "./System.sol";

/// @notice What the fuzzer may do, as three holders, the custodian and the oracle: attested and ERC-20
/// deposits, redemptions (oldest or newest lot), transfers (plain and named), FX moves, payments through
/// the router, and time passing. Every refused call is simply skipped; a deposit or redemption that
/// succeeds while a fund holding currency is stale is counted as a violation.
contract Handler is System {
    address[3] public actors = [address(0xA11CE), address(0xB0B), address(0xCA201)];
    uint256 public parFlowsWhileStale;
    uint256 public succeeded; // deposits, redemptions and payouts that went through
    uint256 public staleSeen; // calls made while a fund holding currency was stale
    uint256 public deficitSeen; // calls made while the reserve was in deficit
    uint256 private _nonce;

    constructor() {
        deploySystem();
    }

    function system() external view returns (address, address, address, address, address) {
        return (address(token), address(reserve), address(usd), address(router), address(settlement));
    }

    function deposit(uint256 who, bool eur, uint256 cents) external observed {
        CustodianBoard.Deposit memory a =
            CustodianBoard.Deposit(eur ? EUR : RUB, _bound(cents, 1, 1e11), _actor(who), keccak256(abi.encode(++_nonce)), 0, type(uint64).max);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(CUSTODIAN_KEY, board.depositDigest(a));
        bytes[] memory sigs = new bytes[](1);
        sigs[0] = abi.encodePacked(r, s, v);
        bool stale = reserve.staleFund() != 0;
        try board.deposit(a, sigs) {
            _counted(stale);
        } catch {}
    }

    function depositToken(uint256 who, uint256 units) external observed {
        address actor = _actor(who);
        uint256 amount = _bound(units, 1, 1e15);
        usd.mint(actor, amount);
        vm.prank(actor);
        usd.approve(address(reserve), amount);
        bool stale = reserve.staleFund() != 0;
        vm.prank(actor);
        try reserve.depositToken(USD, amount, actor, 0) {
            _counted(stale);
        } catch {}
    }

    function redeem(uint256 who, uint256 fund, uint256 permille, bool newest) external observed {
        address actor = _actor(who);
        bytes32 f = [RUB, EUR, USD][fund % 3];
        bool stale = reserve.staleFund() != 0;
        (uint64[] memory one, uint256[] memory part) = _newest(actor, permille);
        if (newest && one.length == 0) return;
        uint256 amount = token.balanceOf(actor) * _bound(permille, 1, 1000) / 1000;
        vm.prank(actor); // views above: a prank applies to the next call
        if (newest) {
            try reserve.redeemLots(f, one, part, 0, actor, bytes32(0)) {
                _counted(stale);
            } catch {}
        } else {
            try reserve.redeem(f, amount, 0, actor, bytes32(0)) {
                _counted(stale);
            } catch {}
        }
    }

    function transfer(uint256 from, uint256 to, uint256 permille, bool named) external observed {
        address a = _actor(from);
        uint256 amount = token.balanceOf(a) * _bound(permille, 0, 1000) / 1000;
        (uint64[] memory one, uint256[] memory part) = _newest(a, permille);
        if (named && (one.length == 0 || part[0] == 0)) return;
        vm.prank(a);
        if (named) token.transferLots(_actor(to), one, part);
        else token.transfer(_actor(to), amount);
    }

    /// @dev A share of `who`'s newest holding, as a one-piece list (empty when it holds nothing).
    function _newest(address who, uint256 permille) private view returns (uint64[] memory one, uint256[] memory part) {
        (uint64[] memory ids, uint256[] memory held) = token.lotsOf(who);
        if (ids.length == 0) return (new uint64[](0), new uint256[](0));
        one = new uint64[](1);
        part = new uint256[](1);
        (one[0], part[0]) = (ids[ids.length - 1], held[ids.length - 1] * _bound(permille, 1, 1000) / 1000);
    }

    function fx(uint256 fund, uint256 bps) external observed {
        bytes32 f = fund % 2 == 0 ? EUR : USD;
        int256 move = int256(_bound(bps >> 1, 0, 2_400)) * (bps & 1 == 0 ? int256(1) : int256(-1));
        vm.warp(block.timestamp + 1); // the limit: 25 % per second
        uint256 rate = reserve.fundOf(f).rate * uint256(10_000 + move) / 10_000;
        RateOracle.Quote[] memory q = new RateOracle.Quote[](1);
        q[0] = RateOracle.Quote(f, rate * 1e18 / reserve.tetPerPeg(), uint64(block.timestamp));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(ORACLE_KEY, oracle.quoteDigest(q[0]));
        bytes[] memory sigs = new bytes[](1);
        sigs[0] = abi.encodePacked(r, s, v);
        try oracle.post(q, sigs) {} catch {}
    }

    function pay(uint256 from, uint256 to, uint256 permille, bool payout) external observed {
        address a = _actor(from);
        uint256 amount = token.balanceOf(a) * _bound(permille, 1, 1000) / 1000;
        vm.prank(a);
        token.approve(address(router), amount);
        bool stale = reserve.staleFund() != 0;
        PaymentRouter.Payment memory p =
            PaymentRouter.Payment(a, bytes32(0), amount, _actor(to), payout ? RUB : bytes32(0), 0, type(uint64).max, bytes32(0));
        vm.prank(a);
        try router.pay(p, "") {
            if (payout) _counted(stale);
        } catch {}
    }

    function wait(uint256 seconds_) external observed {
        vm.warp(block.timestamp + _bound(seconds_, 1, MAX_AGE / 2));
    }

    modifier observed() {
        if (reserve.staleFund() != 0) ++staleSeen;
        if (reserve.deficit() != 0) ++deficitSeen;
        _;
    }

    function _counted(bool stale) private {
        ++succeeded;
        if (stale) ++parFlowsWhileStale;
    }

    function _actor(uint256 seed) private view returns (address) {
        return actors[seed % 3];
    }

    function _bound(uint256 x, uint256 lo, uint256 hi) private pure returns (uint256) {
        return lo + x % (hi - lo + 1);
    }
}
